package app

import (
	"log/slog"
	"net/http"
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
