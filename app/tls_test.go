package app_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shortlist-hq/shortlist/app"
)

// TestServeTLSWithCertificate serves over HTTPS from a certificate and key
// files, as SHORTLIST_TLS_CERT and SHORTLIST_TLS_KEY set up.
func TestServeTLSWithCertificate(t *testing.T) {
	dir := t.TempDir()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(key)
	certPath, keyPath := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600)

	a := openApp(t, map[string]string{"SHORTLIST_TLS_CERT": certPath, "SHORTLIST_TLS_KEY": keyPath, "SHORTLIST_SYNC_INTERVAL": "0"})
	cfg, err := app.ConfigFromEnv(func(k string) (string, bool) {
		v, ok := map[string]string{"SHORTLIST_TLS_CERT": certPath, "SHORTLIST_TLS_KEY": keyPath}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	tc, acme, err := cfg.TLS()
	if err != nil || tc == nil || acme != nil {
		t.Fatalf("TLS() = %v, %v, %v", tc, acme, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Serve(ctx, tls.NewListener(ln, tc))

	pool := x509.NewCertPool()
	pool.AddCert(mustParse(t, der))
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 5 * time.Second}
	resp, err := client.Get("https://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.TLS == nil {
		t.Errorf("status %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}

	// A half-configured TLS setup is refused with a clear message.
	bad, _ := app.ConfigFromEnv(func(k string) (string, bool) {
		if k == "SHORTLIST_TLS_CERT" {
			return certPath, true
		}
		return "", false
	})
	if err := bad.Validate(); err == nil {
		t.Error("a certificate without a key was accepted")
	}
}

func mustParse(t *testing.T, der []byte) *x509.Certificate {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
