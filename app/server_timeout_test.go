package app_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
	"github.com/shortlist-hq/shortlist/app/greenhouse"
)

// serveApp serves a fresh App with cfg's timeouts on loopback until the test
// ends, and returns its address.
func serveApp(t *testing.T, cfg app.Config) (*app.App, string) {
	t.Helper()
	cfg.Addr, cfg.DataDir = "127.0.0.1:0", t.TempDir()
	a, err := app.Open(context.Background(), cfg, app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
		a.Close()
	})
	return a, ln.Addr().String()
}

// waitClosed reads from conn until the server closes it and returns what
// was read. It fails the test if the connection is still open after a
// minute, far beyond the configured timeouts.
func waitClosed(t *testing.T, conn net.Conn) []byte {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(time.Minute))
	b, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the server kept the connection open (read %q)", b)
	}
	// A reset also means the server closed it.
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Logf("connection ended with %v", err)
	}
	return b
}

// TestSlowClientsAreCutOff checks the HTTP server's timeouts: a client that
// dribbles a webhook body or its request header, or holds an idle
// keep-alive connection, is disconnected; a normal delivery still works.
func TestSlowClientsAreCutOff(t *testing.T) {
	a, addr := serveApp(t, app.Config{
		WebhookSecret: testSecret,
		ReadTimeout:   300 * time.Millisecond,
		IdleTimeout:   300 * time.Millisecond,
	})
	dial := func(t *testing.T) net.Conn {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { conn.Close() })
		return conn
	}
	// dribble writes head, then one byte of body every 20 ms until the
	// server closes the connection or the test ends.
	dribble := func(t *testing.T, conn net.Conn, head, body string) {
		if _, err := io.WriteString(conn, head); err != nil {
			t.Fatal(err)
		}
		stop := make(chan struct{})
		stopped := make(chan struct{})
		t.Cleanup(func() { close(stop); <-stopped })
		go func() {
			defer close(stopped)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				if _, err := conn.Write([]byte{body[i%len(body)]}); err != nil {
					return
				}
			}
		}()
	}

	t.Run("WebhookBodyDribble", func(t *testing.T) {
		conn := dial(t)
		dribble(t, conn, "POST "+app.WebhookPath+" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", `{"action":"ping"} `)
		got := waitClosed(t, conn)
		if bytes.Contains(got, []byte("accepted")) {
			t.Errorf("the dribbled body was accepted: %q", got)
		}
		if n := eventCount(t, a); n != 0 {
			t.Errorf("%d events stored from a cut-off body", n)
		}
	})
	t.Run("HeaderDribble", func(t *testing.T) {
		conn := dial(t)
		dribble(t, conn, "POST "+app.WebhookPath+" HTTP/1.1\r\n", "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaa\r\n")
		waitClosed(t, conn)
	})
	t.Run("IdleKeepAlive", func(t *testing.T) {
		conn := dial(t)
		if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || res.Close {
			t.Fatalf("status %d, close %v: want a kept-alive 200", res.StatusCode, res.Close)
		}
		// Then nothing: the server must hang up.
		waitClosed(t, conn)
	})
	t.Run("NormalDelivery", func(t *testing.T) {
		body := webhookFixture(t, "candidate_stage_change")
		req, err := http.NewRequest(http.MethodPost, "http://"+addr+app.WebhookPath, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Signature", greenhouse.Sign([]byte(testSecret), body))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !bytes.Contains(b, []byte("accepted")) {
			t.Errorf("status %d: %s", res.StatusCode, b)
		}
	})
}

func TestHTTPServerTimeouts(t *testing.T) {
	srv := app.Config{}.HTTPServer(http.NotFoundHandler(), nil)
	if srv.ReadTimeout != app.DefaultReadTimeout || srv.WriteTimeout != app.DefaultWriteTimeout ||
		srv.IdleTimeout != app.DefaultIdleTimeout || srv.ReadHeaderTimeout != app.DefaultReadHeaderTimeout {
		t.Errorf("defaults: read %v, write %v, idle %v, header %v", srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.ReadHeaderTimeout)
	}
	srv = app.Config{ReadTimeout: time.Second, WriteTimeout: 2 * time.Second, IdleTimeout: 3 * time.Second}.HTTPServer(http.NotFoundHandler(), nil)
	if srv.ReadTimeout != time.Second || srv.ReadHeaderTimeout != time.Second || srv.WriteTimeout != 2*time.Second || srv.IdleTimeout != 3*time.Second {
		t.Errorf("configured: read %v, write %v, idle %v, header %v", srv.ReadTimeout, srv.WriteTimeout, srv.IdleTimeout, srv.ReadHeaderTimeout)
	}
}
