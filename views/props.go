// Package views holds Shortlist's pages as templ components. Every page
// takes a Layout (the frame: navigation, account menu, flash messages) and
// a typed props struct built by its handler; swappable regions are
// templ.Fragments, so htmx requests get a part of the very component that
// renders the whole page. Generated *_templ.go files are committed.
package views

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Flash kinds.
const (
	FlashInfo    = "info"
	FlashSuccess = "success"
	FlashError   = "error"
)

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string `json:"k"`
	Message string `json:"m"`
}

// User is the logged-in account as the frame shows it.
type User struct {
	ID          int64
	Name, Email string
	Owner       bool
}

// DisplayName is the user's name, or the email when there is none.
func (u User) DisplayName() string {
	if strings.TrimSpace(u.Name) != "" {
		return u.Name
	}
	return u.Email
}

// Layout is what every page's frame needs.
type Layout struct {
	Title string
	// Nav names the active navigation item: jobs, discover, company,
	// audit, account.
	Nav       string
	User      *User // nil when logged out
	CSRFToken string
	Flashes   []Flash
}

// hxHeaders is the hx-headers value that makes htmx send the CSRF token.
func (l Layout) hxHeaders() string {
	if l.CSRFToken == "" {
		return ""
	}
	return `{"X-CSRF-Token": "` + l.CSRFToken + `"}`
}

// ErrorProps describe a failed request.
type ErrorProps struct {
	Status  int
	Message string
}

// Option is an entry of a select menu.
type Option struct {
	Value, Label string
}

// date formats a date for tables, or "—" when unknown.
func date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("Jan 2, 2006")
}

// isoDate is the machine-readable form for <time datetime>.
func isoDate(t time.Time) string {
	return t.UTC().Format("2006-01-02")
}

// dateTime formats an instant with minutes, in UTC.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("Jan 2, 2006 15:04 UTC")
}

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }

func pct(p float64) string { return strconv.FormatFloat(p, 'f', 0, 64) + "%" }

func score(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

// withQuery returns path?query with one parameter replaced.
func withQuery(path string, q url.Values, key, value string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = append([]string(nil), vs...)
	}
	v.Set(key, value)
	return path + "?" + v.Encode()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// pct0 is a percentage as a bare number, for <meter value>.
func pct0(p float64) string { return strconv.FormatFloat(p, 'f', 1, 64) }

func boolAttr(b bool) string { return strconv.FormatBool(b) }

// termTitle explains a matched term on hover.
func termTitle(t TermTag) string {
	return fmt.Sprintf("%.0f%% of this score (contribution %.3f, term weight %.2f)", t.Share, t.Contribution, t.Weight)
}

// orText is s, or def when s is blank.
func orText(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func joinComma(ss []string) string { return strings.Join(ss, ", ") }

// strength is a 0..1 match strength for <meter value>.
func strength(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func sharedTitle(words []string) string {
	if len(words) == 0 {
		return ""
	}
	return "Shared: " + strings.Join(words, ", ")
}

// browserName shortens a user agent to "Browser on System" when it names
// a common one, else shows it as sent (or "—").
func browserName(ua string) string {
	if strings.TrimSpace(ua) == "" {
		return "—"
	}
	var browser, system string
	// Order matters: Edge, Opera and Chromium claim to be Chrome, Chrome to be
	// Safari.
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chromium/", "Chromium"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ token, name string }{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " on " + system
	case browser != "":
		return browser
	}
	if r := []rune(ua); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return ua
}
