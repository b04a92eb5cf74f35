package app

import (
	"context"
	"net/http"

	"github.com/shortlist-hq/shortlist/views"
)

// companyShow is My Company: company settings, the Greenhouse connection,
// the sync, users and (later) webhooks. Owners only.
func (s *server) companyShow(w http.ResponseWriter, r *http.Request) {
	p, err := s.companyProps(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.SelfID = currentAccount(r.Context()).ID
	s.render(w, r, http.StatusOK, views.CompanyPage(s.layout(w, r, "My Company", "company"), p))
}

// renderCompany re-renders My Company after a failed form, keeping what the
// owner typed (edit) and saying what to fix.
func (s *server) renderCompany(w http.ResponseWriter, r *http.Request, status int, msg string, edit func(*views.CompanyProps)) {
	p, err := s.companyProps(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p.SelfID = currentAccount(r.Context()).ID
	if edit != nil {
		edit(&p)
	}
	l := s.layout(w, r, "My Company", "company")
	l.Flashes = append(l.Flashes, views.Flash{Kind: views.FlashError, Message: msg})
	s.render(w, r, status, views.CompanyPage(l, p))
}

func (s *server) companyProps(r *http.Request) (views.CompanyProps, error) {
	ctx := r.Context()
	var p views.CompanyProps
	co, err := s.company(ctx)
	if err != nil {
		return p, err
	}
	p.Name, p.RequisitionPrefix, p.CandidatePrefix = co.Name, co.RequisitionPrefix, co.CandidatePrefix
	p.MinPassword = MinPasswordLength

	conn, err := s.Connection(ctx)
	if err != nil {
		return p, err
	}
	p.Connection = views.ConnectionProps{
		Source: string(conn.Source), FromEnv: conn.Source == FromEnv || conn.Source == FromDemo, Connected: conn.Version != "",
		Version: conn.Version, APIURL: conn.APIURL, ClientID: conn.ClientID, HasSecret: conn.HasSecret, HasKey: conn.HasKey,
	}
	if conn.Source == FromMyCompany {
		g, err := s.savedGreenhouse(ctx)
		if err != nil {
			return p, err
		}
		p.Connection.UserID = g.UserID
	}
	if p.Sync, err = s.syncProps(ctx); err != nil {
		return p, err
	}
	if p.Users, err = s.DB.Accounts(ctx); err != nil {
		return p, err
	}
	if p.GreenhouseUsers, err = s.DB.GreenhouseUsers(ctx); err != nil {
		return p, err
	}
	if p.Webhooks, err = s.webhooksProps(ctx, r); err != nil {
		return p, err
	}
	if p.GreenhouseChoices, err = s.DB.GreenhouseUserOptions(ctx); err != nil {
		return p, err
	}
	acts, err := s.DB.RecentActions(ctx, 25)
	if err != nil {
		return p, err
	}
	for _, a := range acts {
		p.Actions = append(p.Actions, s.actionView(ctx, a))
	}
	if p.Writeback, err = s.writebackProps(ctx); err != nil {
		return p, err
	}
	if p.Assessment, err = s.assessmentProps(ctx, r); err != nil {
		return p, err
	}
	return p, nil
}

// syncProps describe the sync in flight or the last runs.
func (s *server) syncProps(ctx context.Context) (views.SyncProps, error) {
	var p views.SyncProps
	if sy := s.Syncer(); sy != nil {
		p.Connected = true
		st := sy.Status()
		p.Running, p.Kind, p.StartedAt, p.Resource = st.Running, st.Kind, st.StartedAt, st.Resource
		p.Done, p.Total, p.Records, p.Files, p.Failed, p.Queued = st.Done, st.Total, st.Records, st.Files, st.FilesFailed, st.FilesQueued
	}
	var err error
	if p.Runs, err = s.DB.LastSyncRuns(ctx, 10); err != nil {
		return p, err
	}
	if p.Counts, err = s.DB.Counts(ctx); err != nil {
		return p, err
	}
	if p.Text, err = s.DB.TextCounts(ctx); err != nil {
		return p, err
	}
	if p.Sweeps, err = s.DB.RecentSweeps(ctx, 1); err != nil {
		return p, err
	}
	return p, nil
}
