package notify

import (
	"log"
	"regexp"
	"strconv"
)

// The twelve events of the seed shop (§8).
const (
	EventOrderCreated     = "order.created"
	EventPaymentReceived  = "payment.received"
	EventPaymentExpired   = "payment.expired"
	EventOrderCancelled   = "order.cancelled"
	EventOrderShipped     = "order.shipped"
	EventOrderDelivered   = "order.delivered"
	EventRefundRequested  = "refund.requested"
	EventDisputeCreated   = "dispute.created"
	EventStockLow         = "stock.low"
	EventUserRegistered   = "user.registered"
	EventShipmentUpdated  = "shipment.updated"
	EventPaymentRecovered = "payment.recovered"
)

// LowStockBelow is the threshold of stock.low: the backend sends it when a
// product's stock falls below this.
const LowStockBelow = 5

var (
	// Default is the hub the Notify* functions publish to; set it in main.
	Default *Hub
	// AdminIDs lists who receives the shop's events, e.g. a cached
	// SELECT id FROM users WHERE role = 'admin'; set it in main.
	AdminIDs func() []string
	// SendTexts makes every Notify* notification carry the English title and
	// body of its event, filled from its data. Off by default: the widget
	// words the twelve events itself, in the admin's language (English or
	// Indonesian), and a server's texts would win over that. Turn it on for
	// widgets older than these events or clients that show texts verbatim.
	SendTexts = false
)

// englishTexts is the wording of the contract's table, character for
// character; {field} stands for that member of data.
var englishTexts = map[string]struct{ title, body string }{
	EventOrderCreated:     {"🛍️ New Order", "{customerName} placed an order #{orderCode} (Rp {totalAmount})"},
	EventPaymentReceived:  {"💰 Payment Received", "Order #{orderCode} paid via {paymentMethod} (Rp {totalAmount})"},
	EventPaymentExpired:   {"⏰ Payment Expired", "Order #{orderCode} payment has expired"},
	EventOrderCancelled:   {"❌ Order Cancelled", "Order #{orderCode} cancelled by admin"},
	EventOrderShipped:     {"📦 Order Shipped", "Order #{orderCode} shipped via {courier}"},
	EventOrderDelivered:   {"✅ Order Delivered", "Order #{orderCode} delivered successfully"},
	EventRefundRequested:  {"💸 Refund Request", "Refund requested for order #{orderCode} (Rp {amount})"},
	EventDisputeCreated:   {"⚠️ New Dispute", "Dispute #{disputeCode} created for order #{orderCode}"},
	EventStockLow:         {"⚠️ Low Stock Alert", "{productName} has only {stock} items left"},
	EventUserRegistered:   {"👤 New User", "{name} ({email}) registered"},
	EventShipmentUpdated:  {"📦 Shipment Update", "Order #{orderCode} - {status} ({courier})"},
	EventPaymentRecovered: {"🔄 Payment Recovered", "Order #{orderCode} payment status updated"},
}

// NotifyOrderCreated announces a new order. Call it from checkout_service once
// the order is committed.
//   - orderCode: the order's code, e.g. "ORD-20261125-0042"; also its id.
//   - customerName: who placed the order.
//   - totalAmount: the order total in whole Rupiah (150000 is Rp 150.000).
func NotifyOrderCreated(orderCode, customerName string, totalAmount int64) {
	notifyAdmins(EventOrderCreated+":"+orderCode, EventOrderCreated, map[string]any{
		"orderCode": orderCode, "customerName": customerName, "totalAmount": totalAmount})
}

// NotifyPaymentReceived announces a settled payment. Call it from
// core_payment_service when Midtrans confirms settlement; Midtrans may deliver
// that more than once, and the id built from orderCode makes it harmless.
//   - orderCode: the paid order's code.
//   - paymentMethod: as Midtrans names it, e.g. "qris", "bank_transfer".
//   - totalAmount: whole Rupiah; convert Midtrans' gross_amount "150000.00" first.
func NotifyPaymentReceived(orderCode, paymentMethod string, totalAmount int64) {
	notifyAdmins(EventPaymentReceived+":"+orderCode, EventPaymentReceived, map[string]any{
		"orderCode": orderCode, "paymentMethod": paymentMethod, "totalAmount": totalAmount})
}

// NotifyPaymentExpired announces that an order went unpaid for 24 hours.
// Call it from core_payment_service.
//   - orderCode: the unpaid order's code.
func NotifyPaymentExpired(orderCode string) {
	notifyAdmins(EventPaymentExpired+":"+orderCode, EventPaymentExpired, map[string]any{"orderCode": orderCode})
}

// NotifyOrderCancelled announces that an admin cancelled an order. Call it from
// admin_order_service.CancelOrderAdmin.
//   - orderCode: the cancelled order's code.
func NotifyOrderCancelled(orderCode string) {
	notifyAdmins(EventOrderCancelled+":"+orderCode, EventOrderCancelled, map[string]any{"orderCode": orderCode})
}

// NotifyOrderShipped announces that an admin marked an order shipped. Call it
// from admin_order_service.ShipOrder.
//   - orderCode: the shipped order's code.
//   - courier: the courier's name as shown to admins, e.g. "JNE".
func NotifyOrderShipped(orderCode, courier string) {
	notifyAdmins(EventOrderShipped+":"+orderCode, EventOrderShipped, map[string]any{
		"orderCode": orderCode, "courier": courier})
}

// NotifyOrderDelivered announces that an admin marked an order delivered.
// Call it from admin_order_service.DeliverOrder.
//   - orderCode: the delivered order's code.
func NotifyOrderDelivered(orderCode string) {
	notifyAdmins(EventOrderDelivered+":"+orderCode, EventOrderDelivered, map[string]any{"orderCode": orderCode})
}

// NotifyRefundRequested announces a refund request. Call it from
// refund_service.CreateRefund.
//   - refundCode: the refund's own code, e.g. "RFD-20261125-0003"; it makes
//     the id, so that a second refund of the same order is a new notification.
//   - orderCode: the order to refund.
//   - amount: the amount asked for, in whole Rupiah.
func NotifyRefundRequested(refundCode, orderCode string, amount int64) {
	notifyAdmins(EventRefundRequested+":"+refundCode, EventRefundRequested, map[string]any{
		"orderCode": orderCode, "amount": amount})
}

// NotifyDisputeCreated announces a new dispute. Call it from
// dispute_service.CreateDispute.
//   - disputeCode: the dispute's code, e.g. "DSP-20261125-0001"; also its id.
//   - orderCode: the disputed order's code.
func NotifyDisputeCreated(disputeCode, orderCode string) {
	notifyAdmins(EventDisputeCreated+":"+disputeCode, EventDisputeCreated, map[string]any{
		"disputeCode": disputeCode, "orderCode": orderCode})
}

// NotifyStockLow announces that a product's stock fell below LowStockBelow.
// Call it from admin_product_service.UpdateStock or CreateProduct.
//   - changeID: names this stock change (e.g. the stock-movement id); it makes
//     the id, so that a later drop of the same product is a new notification.
//   - productName: the product's name as shown to admins.
//   - stock: the units left.
func NotifyStockLow(changeID, productName string, stock int) {
	notifyAdmins(EventStockLow+":"+changeID, EventStockLow, map[string]any{
		"productName": productName, "stock": stock})
}

// NotifyUserRegistered announces a new customer account. Call it from
// auth_service.Register.
//   - userID: the new account's id (not sent in data); it makes the id.
//   - name: the customer's name.
//   - email: the customer's email address.
func NotifyUserRegistered(userID, name, email string) {
	notifyAdmins(EventUserRegistered+":"+userID, EventUserRegistered, map[string]any{
		"name": name, "email": email})
}

// NotifyShipmentUpdated announces a new courier status of a shipment. Call it
// from shipment_monitor_service for each status change the tracking job sees.
//   - orderCode: the shipped order's code.
//   - statusCode: the courier's status code, e.g. "IN_TRANSIT" (not sent in
//     data); with orderCode it makes the id, one notification per status.
//   - status: the status as shown to admins, e.g. "In transit".
//   - courier: the courier's name, e.g. "JNE".
func NotifyShipmentUpdated(orderCode, statusCode, status, courier string) {
	notifyAdmins(EventShipmentUpdated+":"+orderCode+":"+statusCode, EventShipmentUpdated, map[string]any{
		"orderCode": orderCode, "status": status, "courier": courier})
}

// NotifyPaymentRecovered announces that the recovery job found a stuck payment
// and updated its status. Call it from payment_recovery_service.
//   - orderCode: the order whose payment was recovered.
//   - transactionStatus: the payment's new status, e.g. "settlement" (not sent
//     in data); with orderCode it makes the id.
func NotifyPaymentRecovered(orderCode, transactionStatus string) {
	notifyAdmins(EventPaymentRecovered+":"+orderCode+":"+transactionStatus, EventPaymentRecovered, map[string]any{
		"orderCode": orderCode})
}

// notifyAdmins publishes one event to every admin, with the same id for each
// (ids are per user) and one copy of the encoded data for all of them.
func notifyAdmins(id, event string, data map[string]any) {
	if Default == nil || AdminIDs == nil {
		log.Printf("notify: %s dropped: notify.Default or notify.AdminIDs is not set", id)
		return
	}
	encoded, err := encodeData(data)
	if err != nil {
		log.Printf("notify: %s: %v", id, err)
		return
	}
	m := Message{ID: id, Event: event}
	if SendTexts {
		m.Title, m.Body = englishTitleBody(event, data)
	}
	for _, admin := range AdminIDs() {
		if _, err := Default.publish(admin, m, encoded); err != nil {
			log.Printf("notify: %s for %s: %v", id, admin, err)
		}
	}
}

var (
	placeholder  = regexp.MustCompile(`\{(\w+)\}`)
	amountFields = map[string]bool{"totalAmount": true, "amount": true} // whole Rupiah
)

// englishTitleBody fills the English wording of event from data; amounts are
// written the Indonesian way (Rp 150.000), as the widget writes them.
func englishTitleBody(event string, data map[string]any) (title, body string) {
	t, ok := englishTexts[event]
	if !ok {
		return "", ""
	}
	body = placeholder.ReplaceAllStringFunc(t.body, func(p string) string {
		field := p[1 : len(p)-1]
		switch v := data[field].(type) {
		case string:
			return v
		case int64:
			if amountFields[field] {
				return FormatRupiah(v)
			}
			return strconv.FormatInt(v, 10)
		case int:
			return strconv.Itoa(v)
		default:
			return p
		}
	})
	return t.title, body
}

// FormatRupiah writes whole Rupiah grouped the Indonesian way, with dots:
// 150000 → "150.000" (the "Rp " is part of the wording).
func FormatRupiah(amount int64) string {
	digits := strconv.FormatInt(amount, 10)
	sign := ""
	if amount < 0 {
		sign, digits = "-", digits[1:]
	}
	grouped := make([]byte, 0, len(digits)+len(digits)/3)
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			grouped = append(grouped, '.')
		}
		grouped = append(grouped, digits[i])
	}
	return sign + string(grouped)
}
