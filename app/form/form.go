// Package form parses and checks the query strings and form bodies of
// Shortlist's pages and API: small NewXForm(r) constructors that turn
// request values into typed fields, with messages a user can act on.
package form

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shortlist-hq/shortlist/db"
)

// invalid is a value the user must correct (db.ErrInvalid, which the app
// maps to 400); the message says how.
func invalid(format string, args ...any) error {
	return db.Errorf(db.ErrInvalid, format, args...)
}

// Bool reads a yes/no parameter. Repeated values (a hidden "0" before a
// checkbox "1") resolve to the last one; absent means def.
func Bool(vals []string, name string, def bool) (bool, error) {
	if len(vals) == 0 {
		return def, nil
	}
	switch strings.ToLower(strings.TrimSpace(vals[len(vals)-1])) {
	case "1", "true", "on", "yes":
		return true, nil
	case "0", "false", "off", "no", "":
		return false, nil
	}
	return false, invalid("%s must be true or false", name)
}

// ID reads an optional positive id; "" is 0.
func ID(v, name string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, invalid("%s must be a positive whole number", name)
	}
	return n, nil
}

// Int reads an optional integer within [lo, hi]; "" is def.
func Int(v, name string, def, lo, hi int) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, invalid("%s must be a whole number from %d to %d", name, lo, hi)
	}
	return n, nil
}

// JobsForm is the Jobs page's filter.
type JobsForm struct {
	Query        string
	DepartmentID int64
	OfficeID     int64
	// Status is open, closed, draft or any (the default is open).
	Status string
}

// NewJobsForm reads the Jobs filter from the query string.
func NewJobsForm(r *http.Request) (JobsForm, error) {
	q := r.URL.Query()
	f := JobsForm{Query: strings.TrimSpace(q.Get("q")), Status: strings.TrimSpace(q.Get("status"))}
	var err error
	if f.DepartmentID, err = ID(q.Get("department"), "department"); err != nil {
		return f, err
	}
	if f.OfficeID, err = ID(q.Get("office"), "office"); err != nil {
		return f, err
	}
	switch f.Status {
	case "":
		f.Status = "open"
	case "open", "closed", "draft", "any":
	default:
		return f, invalid("status must be open, closed, draft or any")
	}
	return f, nil
}

// DiscoverForm is the Discover page's state.
type DiscoverForm struct {
	JobID       int64
	Query       string // the Job Title field
	AppliedOnly bool
	Page        int
}

// NewDiscoverForm reads Discover's state from the query string.
func NewDiscoverForm(r *http.Request) (DiscoverForm, error) {
	q := r.URL.Query()
	f := DiscoverForm{Query: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.JobID, err = ID(q.Get("job"), "job"); err != nil {
		return f, err
	}
	if f.AppliedOnly, err = Bool(q["applied_only"], "applied_only", true); err != nil {
		return f, err
	}
	if f.Page, err = Int(q.Get("page"), "page", 1, 1, 1_000_000); err != nil {
		return f, err
	}
	return f, nil
}

// RankForm is the API's ranking parameters.
type RankForm struct {
	AppliedOnly   bool
	Limit, Offset int
}

// NewRankForm reads applied_only (default true), limit (default def, at
// most max) and offset.
func NewRankForm(r *http.Request, def, max int) (RankForm, error) {
	q := r.URL.Query()
	var f RankForm
	var err error
	if f.AppliedOnly, err = Bool(q["applied_only"], "applied_only", true); err != nil {
		return f, err
	}
	if f.Limit, err = Int(q.Get("limit"), "limit", def, 1, max); err != nil {
		return f, err
	}
	if f.Offset, err = Int(q.Get("offset"), "offset", 0, 0, 1_000_000); err != nil {
		return f, err
	}
	return f, nil
}
