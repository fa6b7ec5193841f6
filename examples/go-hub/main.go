// Command shop is the wiring of package notify into a shop's HTTP server: the
// notification stream at /ws/notifications, authenticated by the dashboard's
// session, and the twelve Notify* functions publishing to every admin.
//
//	shop -addr :8080 -origin admin.tokoku.co.id -session s3cret=admin-1
//
// With -publish-hook (or LONCENG_PUBLISH_HOOK=1) it also serves POST /publish
// for the conformance checker; never enable that in production.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"example.com/shop/notify"
)

func main() {
	addr := flag.String("addr", ":8080", "listen `address`; 127.0.0.1:0 picks a free port (printed on stdout)")
	var origins listFlag
	flag.Var(&origins, "origin", "dashboard `host` allowed as Origin, a path.Match pattern (repeatable)")
	sessions := newSessionStore()
	flag.Func("session", "stand-in session `TOKEN=USER[:ROLE]` (role admin when omitted; repeatable)", sessions.add)
	heartbeat := flag.Duration("heartbeat", notify.DefaultHeartbeat, "ping `interval` advertised to clients, 1s to 5m")
	hook := flag.Bool("publish-hook", os.Getenv("LONCENG_PUBLISH_HOOK") == "1",
		"serve POST /publish for the conformance checker (also LONCENG_PUBLISH_HOOK=1); not for production")
	flag.Parse()
	if *heartbeat < time.Second || *heartbeat > 5*time.Minute {
		log.Fatalf("-heartbeat %s: the protocol allows 1s to 5m", *heartbeat)
	}

	hub := notify.NewHub(authenticate(sessions), origins...)
	hub.Heartbeat = *heartbeat
	notify.Default = hub
	notify.AdminIDs = sessions.adminIDs

	mux := http.NewServeMux()
	mux.Handle("/ws/notifications", hub)
	if *hook {
		mux.Handle("/publish", publishHook(hub))
		log.Print("POST /publish is open: anyone who reaches it can notify any user")
	}
	// ... the rest of the shop's API ...

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("listening on %s\n", ln.Addr()) // tests read the port from this line
	srv := &http.Server{Handler: mux}

	stopped := make(chan struct{})
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		<-sig
		srv.Shutdown(context.Background()) // stop accepting; upgraded sockets are the hub's
		hub.Close()                        // 1001 to every socket, then wait
		close(stopped)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		log.Fatal(err)
	}
	<-stopped
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
