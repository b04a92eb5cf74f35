package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"
)

// requestLog logs each request once it is answered.
func (a *App) requestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		level := slog.LevelDebug
		if ww.Status() >= 500 {
			level = slog.LevelError
		}
		a.log.Log(r.Context(), level, "request",
			slog.Group("request", slog.String("method", r.Method), slog.String("uri", r.URL.RequestURI())),
			slog.Int("status", ww.Status()), slog.Duration("took", time.Since(start)), slog.String("client_ip", r.RemoteAddr))
	})
}

// recoverer turns a panic in a handler into a logged 500.
func (a *App) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log.Error("panic in handler", slog.Any("panic", v), slog.String("uri", r.URL.RequestURI()))
				http.Error(w, "Internal error.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only our own scripts and styles: no inline
// script or style, no framing. Pico's icons are data: images.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if isHTTPS(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// requireAuth lets only logged-in users through; others are sent to log in.
func (s *server) requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if currentAccount(r.Context()) == nil {
			s.error(w, r, errUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireOwner lets only owners through.
func (s *server) requireOwner(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isOwner(currentAccount(r.Context())) {
			s.error(w, r, errForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the address login throttling counts against.
func clientIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// realIP sets the request's remote address from X-Forwarded-For or
// X-Real-IP, and marks it as HTTPS on X-Forwarded-Proto: https (see
// isHTTPS), but only when the connection comes from a trusted proxy
// (SHORTLIST_TRUSTED_PROXIES). Behind a reverse proxy every client would
// otherwise share the proxy's address for login throttling, and the session
// cookie would miss its Secure flag when the proxy terminates TLS; trusting
// the headers from anyone would let a client pick its own address and
// dodge throttling.
func (a *App) realIP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.forwardedHTTPS(r) {
			r = r.WithContext(context.WithValue(r.Context(), forwardedHTTPSKey{}, true))
		}
		if ip := a.forwardedFor(r); ip != "" {
			r.RemoteAddr = ip
		}
		next.ServeHTTP(w, r)
	})
}

type forwardedHTTPSKey struct{}

// isHTTPS reports whether the client reached us over HTTPS: directly, or
// through a trusted proxy that terminated TLS and said so (realIP).
func isHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	v, _ := r.Context().Value(forwardedHTTPSKey{}).(bool)
	return v
}

// forwardedHTTPS reports whether a trusted proxy forwarded the request with
// X-Forwarded-Proto: https. In a list ("https, http") the last value is the
// one the nearest proxy set.
func (a *App) forwardedHTTPS(r *http.Request) bool {
	proto := r.Header.Values("X-Forwarded-Proto")
	if len(proto) == 0 || !a.trustedPeer(r) {
		return false
	}
	last := proto[len(proto)-1]
	if i := strings.LastIndexByte(last, ','); i >= 0 {
		last = last[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(last), "https")
}

// trustedPeer reports whether the connection comes from a trusted proxy.
func (a *App) trustedPeer(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	return err == nil && a.cfg.trusted(peer.Unmap())
}

func (a *App) forwardedFor(r *http.Request) string {
	if !a.trustedPeer(r) {
		return ""
	}
	if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
		// The last address is the one our proxy saw; earlier ones are
		// whatever the client claimed. Walk back over trusted hops.
		parts := strings.Split(xff, ",")
		for i := len(parts) - 1; i >= 0; i-- {
			ip, err := netip.ParseAddr(strings.TrimSpace(parts[i]))
			if err != nil {
				return ""
			}
			if i == 0 || !a.cfg.trusted(ip.Unmap()) {
				return ip.String()
			}
		}
	}
	if xr, err := netip.ParseAddr(strings.TrimSpace(r.Header.Get("X-Real-IP"))); err == nil {
		return xr.String()
	}
	return ""
}
