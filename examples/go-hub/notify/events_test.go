package notify

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The twelve Notify* functions with the example data of §8: the id and data of
// each example frame there, and the English wording of the contract's table.
func TestTheTwelveEvents(t *testing.T) {
	SendTexts = true
	t.Cleanup(func() { SendTexts = false })
	hub, _ := startHub(t)
	Default, AdminIDs = hub, func() []string { return []string{"admin-1", "admin-2"} }
	t.Cleanup(func() { Default, AdminIDs = nil, nil })

	for _, tc := range []struct {
		notify      func()
		id, data    string
		title, body string
	}{
		{func() { NotifyOrderCreated("ORD-20261125-0042", "Siti Rahayu", 150000) },
			"order.created:ORD-20261125-0042", `{"orderCode":"ORD-20261125-0042","customerName":"Siti Rahayu","totalAmount":150000}`,
			"🛍️ New Order", "Siti Rahayu placed an order #ORD-20261125-0042 (Rp 150.000)"},
		{func() { NotifyPaymentReceived("ORD-20261125-0042", "qris", 150000) },
			"payment.received:ORD-20261125-0042", `{"orderCode":"ORD-20261125-0042","paymentMethod":"qris","totalAmount":150000}`,
			"💰 Payment Received", "Order #ORD-20261125-0042 paid via qris (Rp 150.000)"},
		{func() { NotifyPaymentExpired("ORD-20261124-0017") },
			"payment.expired:ORD-20261124-0017", `{"orderCode":"ORD-20261124-0017"}`,
			"⏰ Payment Expired", "Order #ORD-20261124-0017 payment has expired"},
		{func() { NotifyOrderCancelled("ORD-20261125-0039") },
			"order.cancelled:ORD-20261125-0039", `{"orderCode":"ORD-20261125-0039"}`,
			"❌ Order Cancelled", "Order #ORD-20261125-0039 cancelled by admin"},
		{func() { NotifyOrderShipped("ORD-20261125-0042", "JNE") },
			"order.shipped:ORD-20261125-0042", `{"orderCode":"ORD-20261125-0042","courier":"JNE"}`,
			"📦 Order Shipped", "Order #ORD-20261125-0042 shipped via JNE"},
		{func() { NotifyOrderDelivered("ORD-20261122-0008") },
			"order.delivered:ORD-20261122-0008", `{"orderCode":"ORD-20261122-0008"}`,
			"✅ Order Delivered", "Order #ORD-20261122-0008 delivered successfully"},
		{func() { NotifyRefundRequested("RFD-20261125-0003", "ORD-20261120-0031", 75000) },
			"refund.requested:RFD-20261125-0003", `{"orderCode":"ORD-20261120-0031","amount":75000}`,
			"💸 Refund Request", "Refund requested for order #ORD-20261120-0031 (Rp 75.000)"},
		{func() { NotifyDisputeCreated("DSP-20261125-0001", "ORD-20261120-0031") },
			"dispute.created:DSP-20261125-0001", `{"disputeCode":"DSP-20261125-0001","orderCode":"ORD-20261120-0031"}`,
			"⚠️ New Dispute", "Dispute #DSP-20261125-0001 created for order #ORD-20261120-0031"},
		{func() { NotifyStockLow("stock-move-99812", "Kopi Gayo Arabika 250 g", 3) },
			"stock.low:stock-move-99812", `{"productName":"Kopi Gayo Arabika 250 g","stock":3}`,
			"⚠️ Low Stock Alert", "Kopi Gayo Arabika 250 g has only 3 items left"},
		{func() { NotifyUserRegistered("user-5120", "Andi Wijaya", "andi.wijaya@example.com") },
			"user.registered:user-5120", `{"name":"Andi Wijaya","email":"andi.wijaya@example.com"}`,
			"👤 New User", "Andi Wijaya (andi.wijaya@example.com) registered"},
		{func() { NotifyShipmentUpdated("ORD-20261125-0042", "IN_TRANSIT", "In transit", "JNE") },
			"shipment.updated:ORD-20261125-0042:IN_TRANSIT", `{"orderCode":"ORD-20261125-0042","status":"In transit","courier":"JNE"}`,
			"📦 Shipment Update", "Order #ORD-20261125-0042 - In transit (JNE)"},
		{func() { NotifyPaymentRecovered("ORD-20261124-0029", "settlement") },
			"payment.recovered:ORD-20261124-0029:settlement", `{"orderCode":"ORD-20261124-0029"}`,
			"🔄 Payment Recovered", "Order #ORD-20261124-0029 payment status updated"},
	} {
		tc.notify()
		tc.notify() // a retried call (a webhook delivered twice) is a duplicate
		for _, admin := range AdminIDs() {
			n := lastNotification(hub, admin)
			var got, want map[string]any
			json.Unmarshal(n.Data, &got)
			json.Unmarshal([]byte(tc.data), &want)
			if n.ID != tc.id || !reflect.DeepEqual(got, want) || n.Title != tc.title || n.Body != tc.body {
				t.Errorf("%s for %s:\n got %s %s %q %q\nwant %s %s %q %q", tc.id, admin,
					n.ID, n.Data, n.Title, n.Body, tc.id, tc.data, tc.title, tc.body)
			}
		}
	}
	if seq := hub.user("admin-2").seq; seq != 12 {
		t.Errorf("admin-2 has %d notifications, want 12", seq)
	}

	SendTexts = false
	NotifyOrderDelivered("ORD-20261122-0009")
	if n := lastNotification(hub, "admin-1"); n.Title != "" || n.Body != "" || n.Event != EventOrderDelivered {
		t.Errorf("without texts: %+v", n)
	}
}

func lastNotification(hub *Hub, user string) Notification {
	u := hub.user(user)
	u.mu.Lock()
	defer u.mu.Unlock()
	return *u.stream[len(u.stream)-1].n
}

func TestFormatRupiah(t *testing.T) {
	for amount, want := range map[int64]string{
		0: "0", 999: "999", 1000: "1.000", 75000: "75.000", 150000: "150.000",
		1234567: "1.234.567", 1000000000: "1.000.000.000", -5000: "-5.000",
	} {
		if got := FormatRupiah(amount); got != want {
			t.Errorf("FormatRupiah(%d) = %q, want %q", amount, got, want)
		}
	}
}
