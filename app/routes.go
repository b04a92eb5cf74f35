package app

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/shortlist-hq/shortlist/static"
)

// Handler is every route of the web server.
func (a *App) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RealIP, a.recoverer, a.requestLog)

	r.Get("/healthz", a.healthz)
	r.Handle(static.Prefix+"*", static.Handler())
	return r
}
