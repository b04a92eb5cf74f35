package greenhouse

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestParseLinks(t *testing.T) {
	for _, tc := range []struct {
		header, next string
	}{
		{`<https://harvest.greenhouse.io/v3/jobs?cursor=abc>; rel="next"`, "https://harvest.greenhouse.io/v3/jobs?cursor=abc"},
		{`<https://h/v1/candidates?page=2&per_page=2>; rel="next", <https://h/v1/candidates?page=474&per_page=2>; rel="last"`,
			"https://h/v1/candidates?page=2&per_page=2"},
		{`<https://h/v1/candidates?page=1>; rel="prev",<https://h/v1/candidates?candidate_ids=1,2&page=3>; rel=next`,
			"https://h/v1/candidates?candidate_ids=1,2&page=3"},
		{`<https://h/v1/x?page=9>; rel="last"`, ""},
		{`<https://h/a>; title="a, b"; rel="next"`, "https://h/a"},
		{``, ""},
	} {
		next := ""
		for _, l := range parseLinks(tc.header) {
			if l.rel("next") {
				next = l.url
			}
		}
		if next != tc.next {
			t.Errorf("%s: next = %q, want %q", tc.header, next, tc.next)
		}
	}
}

func TestParseTime(t *testing.T) {
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	for in, want := range map[string]time.Time{
		"2016-02-03T16:38:46.985Z":  utc(2016, 2, 3, 16, 38, 46, 985e6),
		"2013-12-10T14:42:58Z":      utc(2013, 12, 10, 14, 42, 58, 0),
		"2013-12-10T16:42:58+02:00": utc(2013, 12, 10, 14, 42, 58, 0),
		"2013-12-10T14:42:58":       utc(2013, 12, 10, 14, 42, 58, 0),
		"2018-06-07":                utc(2018, 6, 7, 0, 0, 0, 0),
		"04/15/2013":                utc(2013, 4, 15, 0, 0, 0, 0),
		"2012":                      utc(2012, 1, 1, 0, 0, 0, 0),
	} {
		got, ok := parseTime(in)
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "soon", "13/45/2020"} {
		if _, ok := parseTime(bad); ok {
			t.Errorf("parseTime(%q) succeeded", bad)
		}
	}
}

func TestParseToken(t *testing.T) {
	now := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	for body, want := range map[string]time.Duration{
		`{"access_token":"t","token_type":"Bearer","expires_in":3600}`: time.Hour,
		`{"access_token":"t","expires_in":"120"}`:                      2 * time.Minute,
		`{"access_token":"t","expires_at":"2026-09-01T12:30:00Z"}`:     30 * time.Minute,
		`{"access_token":"t","expires_at":1788265800}`:                 30 * time.Minute,
		`{"access_token":"t","expires":"2026-09-01T12:10:00.000Z"}`:    10 * time.Minute,
		`{"access_token":"t"}`:                                         time.Hour,
		`{"access_token":"t","expires_in":null,"expires_at":null}`:     time.Hour,
		`{"access_token":"t","expires_at":"2026-09-01T11:00:00Z"}`:     time.Second, // skewed clock
	} {
		tok, ttl, err := parseToken([]byte(body), now)
		if err != nil || tok != "t" || ttl != want {
			t.Errorf("%s: %q %v %v, want ttl %v", body, tok, ttl, err, want)
		}
	}
	if _, _, err := parseToken([]byte(`{"token_type":"Bearer"}`), now); err == nil {
		t.Error("a response without access_token was accepted")
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	for _, tc := range []struct {
		h    http.Header
		want time.Duration
		ok   bool
	}{
		{h("Retry-After", "3"), 3 * time.Second, true},
		{h("Retry-After", now.Add(9*time.Second).UTC().Format(http.TimeFormat)), 9 * time.Second, true},
		{h("X-RateLimit-Reset", "1800000005"), 5*time.Second + paceMargin, true},
		{h("Retry-After", "2", "X-RateLimit-Reset", "1800000005"), 2 * time.Second, true},
		{h(), 0, false},
	} {
		got, ok := retryAfter(tc.h, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: %v %v, want %v %v", tc.h, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCovers(t *testing.T) {
	v1, _ := New(Config{APIKey: "k"})
	v3, _ := New(Config{ClientID: "a", ClientSecret: "b"})
	if got := v1.Covers(Jobs); !slices.Equal(got, []Resource{Jobs, JobHiringManagers, JobOwners, Openings}) {
		t.Errorf("v1 jobs covers %v", got)
	}
	if got := v1.Covers(Applications); !slices.Equal(got, []Resource{Applications}) {
		t.Errorf("v1 applications covers %v", got)
	}
	if got := v3.Covers(Jobs); !slices.Equal(got, []Resource{Jobs}) {
		t.Errorf("v3 jobs covers %v", got)
	}
	if len(v3.Resources()) != 23 {
		t.Errorf("v3 walks %d resources", len(v3.Resources()))
	}
}
