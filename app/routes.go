package app

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/shortlist-hq/shortlist/static"
)

// Handler is every route of the web server. Each call builds a fresh
// server (session store, setup token, login throttle) around the App.
func (a *App) Handler() http.Handler {
	return newServer(a).routes()
}

// routes is every route, in one place.
func (s *server) routes() http.Handler {
	a := s.App
	r := chi.NewRouter()
	r.Use(a.realIP, a.recoverer, a.requestLog, s.securityHeaders)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.error(w, r, errNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { s.error(w, r, errMethod) })

	r.Get("/healthz", s.healthz)
	r.Handle(static.Prefix+"*", static.Handler())

	// Greenhouse webhooks authenticate by signature: no session, no CSRF.
	r.Post(WebhookPath, a.receiveWebhook)
	// Greenhouse's Assessment Partner calls: HTTP Basic with a key Shortlist issued.
	r.Route(AssessmentPath, s.assessmentRoutes)

	// JSON API for scripts: personal API tokens only, no cookies, no CSRF.
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(s.requireToken)
		r.Get("/jobs", s.apiJobList)
		r.Get("/jobs/{jobID}/candidates", s.apiJobCandidates)
		r.Get("/candidates/{candID}", s.apiCandidateShow)
		r.Post("/jobs/{jobID}/prospects", s.apiProspectCreate)
		r.Post("/candidates/{candID}/notes", s.apiNoteCreate)
		r.Get("/actions/{actionID}", s.apiActionShow)
	})

	// Pages: session cookie, CSRF token on every state change.
	r.Group(func(r chi.Router) {
		r.Use(s.loadSession, s.csrf)
		r.Get("/", s.home)
		r.Get("/setup", s.setupShow)
		r.Post("/setup", s.setupCreate)
		r.Get("/login", s.sessionNew)
		r.Post("/login", s.sessionCreate)

		r.Group(func(r chi.Router) {
			r.Use(s.requireAuth)
			r.Post("/logout", s.sessionDestroy)

			r.Get("/jobs", s.jobList)
			r.Get("/discover", s.discoverShow)
			r.Get("/discover/jobs", s.jobSuggest)
			r.Get("/jobs/{jobID}/candidates/{candID}/match", s.matchShow)
			r.Get("/candidates/{candID}", s.candidateShow)
			r.Post("/jobs/{jobID}/prospects", s.prospectCreate)
			r.Post("/candidates/{candID}/notes", s.noteCreate)
			r.Get("/actions/{actionID}", s.actionShow)

			r.Get("/account", s.accountShow)
			r.Post("/account/password", s.passwordUpdate)
			r.Post("/account/sessions/revoke-others", s.sessionRevokeOthers)
			r.Post("/account/sessions/{sessionID}/revoke", s.sessionRevoke)
			r.Post("/account/tokens", s.tokenCreate)
			r.Post("/account/tokens/{tokenID}/revoke", s.tokenRevoke)

			r.Group(func(r chi.Router) {
				r.Use(s.requireOwner)
				r.Get("/company", s.companyShow)
				r.Post("/company", s.companyUpdate)
				r.Post("/company/connection", s.connectionSave)
				r.Post("/company/connection/check", s.connectionCheck)
				r.Post("/company/connection/disconnect", s.connectionDisconnect)
				r.Get("/company/sync", s.syncStatus)
				r.Post("/company/sync", s.syncStart)
				r.Post("/company/users", s.userCreate)
				r.Post("/company/users/{userID}", s.userUpdate)
				r.Post("/company/users/{userID}/greenhouse", s.userGreenhouseUpdate)
				r.Post("/company/webhooks/rotate", s.webhookRotate)
				r.Get("/audit", s.auditShow)
				r.Post("/company/assessment/keys", s.assessmentKeyCreate)
				r.Post("/company/assessment/keys/{keyID}/rotate", s.assessmentKeyRotate)
				r.Post("/company/assessment/keys/{keyID}/revoke", s.assessmentKeyRevoke)
				r.Post("/company/writeback", s.writebackUpdate)
				r.Post("/company/writeback/run", s.writebackRun)
				r.Get("/company/writeback", s.writebackStatus)
				r.Get("/company/ranking-model", s.rankingModelShow)
				r.Post("/company/ranking-model", s.rankingModelUpdate)
				r.Post("/company/ranking-model/train", s.rankingModelTrain)
			})
		})
	})
	return r
}
