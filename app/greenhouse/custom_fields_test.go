package greenhouse

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shortlist-hq/shortlist/app/simulator"
	"github.com/shortlist-hq/shortlist/app/simulator/simtest"
)

// v1Client reads and writes the simulator with its v1 key.
func v1Client(t *testing.T, sim *simulator.Sim, base string, onBehalfOf string) *Client {
	t.Helper()
	return simClient(t, sim, base, func(c *Config) {
		c.ClientID, c.ClientSecret, c.APIKey, c.OnBehalfOf = "", "", sim.Config().APIKey, onBehalfOf
	})
}

func scoreFieldOf(t *testing.T, c *Client) CustomField {
	t.Helper()
	fields, err := c.ApplicationCustomFields(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.FieldType != "application" {
			t.Fatalf("%s lists a %s field", c.Version(), f.FieldType)
		}
		if f.NameKey == simulator.ShortlistScoreKey {
			if f.ValueType != "number" || !f.Active || f.Name != simulator.ShortlistScoreField {
				t.Fatalf("score field %+v", f)
			}
			return f
		}
	}
	t.Fatalf("%s: no %s field among %+v", c.Version(), simulator.ShortlistScoreKey, fields)
	return CustomField{}
}

// TestApplicationCustomFieldWrites writes and reads back a field in both
// versions, and names what is wrong when Greenhouse refuses.
func TestApplicationCustomFieldWrites(t *testing.T) {
	ctx := context.Background()
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 60, RateLimitV3: -1, RateLimitV1: -1})
	snap := sim.Snapshot()
	app := snap.Applications[3].ID
	admin := strconv.FormatInt(snap.Users[0].ID, 10)
	v3 := simClient(t, sim, base)
	v1 := v1Client(t, sim, base, admin)
	for _, tc := range []struct {
		c     *Client
		value any
		want  string
	}{{v3, 81, "81"}, {v1, 42.5, "42.5"}} {
		t.Run(tc.c.Version(), func(t *testing.T) {
			f := scoreFieldOf(t, tc.c)
			if err := tc.c.SetApplicationCustomField(ctx, app, f, tc.value); err != nil {
				t.Fatal(err)
			}
			if got, ok := sim.ApplicationCustomField(app, simulator.ShortlistScoreKey); !ok || !SameValue(got, tc.want) {
				t.Fatalf("the simulator holds %v", got)
			}
			vals, err := tc.c.ApplicationCustomFieldValues(ctx, []int64{app, snap.Applications[4].ID, 1}, f.NameKey)
			if err != nil {
				t.Fatal(err)
			}
			if !SameValue(vals[app], tc.want) || vals[snap.Applications[4].ID] != nil {
				t.Fatalf("read back %v", vals)
			}
			if _, ok := vals[1]; ok {
				t.Fatal("an unknown application read back")
			}
		})
	}
	f := scoreFieldOf(t, v3)
	t.Run("WrongType", func(t *testing.T) {
		err := v3.SetApplicationCustomField(ctx, app, f, "eighty")
		if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "must be a number") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("UnknownField", func(t *testing.T) {
		err := v3.SetApplicationCustomField(ctx, app, CustomField{ID: 1, Name: "Gone"}, 3)
		if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("%v", err)
		}
	})
	t.Run("UnknownApplication", func(t *testing.T) {
		if err := v3.SetApplicationCustomField(ctx, 1, f, 3); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%v", err)
		}
	})
	t.Run("MissingScope", func(t *testing.T) {
		sim.SetDenyResources("applications:update")
		defer sim.SetDenyResources()
		err := v3.SetApplicationCustomField(ctx, app, f, 3)
		if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), ScopeApplicationsUpdate) {
			t.Fatalf("v3: %v", err)
		}
		err = v1.SetApplicationCustomField(ctx, app, f, 3)
		if !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), "PATCH /v1/applications/{id}") {
			t.Fatalf("v1: %v", err)
		}
		sim.SetDenyResources("custom_fields")
		if _, err := v3.ApplicationCustomFields(ctx); !errors.Is(err, ErrForbidden) || !strings.Contains(err.Error(), ScopeCustomFieldsList) {
			t.Fatalf("list: %v", err)
		}
	})
	t.Run("V1WithoutUser", func(t *testing.T) {
		err := v1Client(t, sim, base, "").SetApplicationCustomField(ctx, app, f, 3)
		if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "GREENHOUSE_USER_ID") {
			t.Fatalf("%v", err)
		}
	})
}

// countingProxy forwards to the simulator, counting PATCHes, and lets a
// test answer for it instead.
type countingProxy struct {
	patches atomic.Int64
	// before, if set, may answer a PATCH instead of the simulator
	// (returning true); after runs once the simulator has answered and may
	// drop the answer (returning true).
	before func(w http.ResponseWriter, n int64) bool
	after  func(w http.ResponseWriter, n int64) bool
}

func startProxy(t *testing.T, target string, p *countingProxy) string {
	t.Helper()
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPatch {
			rp.ServeHTTP(w, r)
			return
		}
		n := p.patches.Add(1)
		if p.before != nil && p.before(w, n) {
			return
		}
		rec := httptest.NewRecorder()
		rp.ServeHTTP(rec, r)
		if p.after != nil && p.after(w, n) {
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestWriteSentOnce: a 429 is waited out and the write sent again (it was
// refused); a write whose answer is lost is reported in doubt and never
// sent again by the client.
func TestWriteSentOnce(t *testing.T) {
	ctx := context.Background()
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 60, RateLimitV3: -1})
	app := sim.Snapshot().Applications[5].ID

	t.Run("429", func(t *testing.T) {
		p := &countingProxy{before: func(w http.ResponseWriter, n int64) bool {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				http.Error(w, `{"message":"Too Many Requests"}`, http.StatusTooManyRequests)
				return true
			}
			return false
		}}
		c := simClient(t, sim, startProxy(t, base, p))
		f := scoreFieldOf(t, c)
		if err := c.SetApplicationCustomField(ctx, app, f, 70); err != nil {
			t.Fatal(err)
		}
		if got := p.patches.Load(); got != 2 {
			t.Fatalf("%d PATCHes, want the refused one and its retry", got)
		}
		if st := c.Stats(); st.RateLimited != 1 || st.Waited < 1e9 {
			t.Fatalf("stats %+v: the 429's Retry-After was not honoured", st)
		}
		if v, _ := sim.ApplicationCustomField(app, simulator.ShortlistScoreKey); v != 70.0 {
			t.Fatalf("value %v", v)
		}
	})
	t.Run("LostAnswer", func(t *testing.T) {
		p := &countingProxy{after: func(w http.ResponseWriter, n int64) bool {
			// The simulator applied it; the client never hears.
			hj, _ := w.(http.Hijacker)
			conn, _, err := hj.Hijack()
			if err == nil {
				conn.Close()
			}
			return true
		}}
		c := simClient(t, sim, startProxy(t, base, p))
		f := scoreFieldOf(t, c)
		err := c.SetApplicationCustomField(ctx, app, f, 71)
		if !errors.Is(err, ErrInDoubt) || !errors.Is(err, ErrUnavailable) {
			t.Fatalf("%v, want ErrInDoubt", err)
		}
		if got := p.patches.Load(); got != 1 {
			t.Fatalf("%d PATCHes: a write in doubt must not be sent again", got)
		}
		vals, err := c.ApplicationCustomFieldValues(ctx, []int64{app}, f.NameKey)
		if err != nil || !SameValue(vals[app], "71") {
			t.Fatalf("read back %v %v", vals, err)
		}
	})
	t.Run("5xx", func(t *testing.T) {
		p := &countingProxy{before: func(w http.ResponseWriter, n int64) bool {
			http.Error(w, `{"message":"Bad Gateway"}`, http.StatusBadGateway)
			return true
		}}
		c := simClient(t, sim, startProxy(t, base, p))
		f := scoreFieldOf(t, c)
		if err := c.SetApplicationCustomField(ctx, app, f, 72); !errors.Is(err, ErrInDoubt) {
			t.Fatalf("%v", err)
		}
		if got := p.patches.Load(); got != 1 {
			t.Fatalf("%d PATCHes after a 502, want 1", got)
		}
	})
}

// TestWriteCancelledInDoubt: a write whose caller stops waiting for the
// answer is in doubt too (it may have arrived), but not ErrUnavailable:
// Greenhouse was not at fault.
func TestWriteCancelledInDoubt(t *testing.T) {
	sim, base := simtest.Start(t, simulator.Config{Seed: 4, Candidates: 60, RateLimitV3: -1})
	app := sim.Snapshot().Applications[5].ID
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	p := &countingProxy{before: func(w http.ResponseWriter, n int64) bool {
		// The write has arrived; the caller gives up before the answer.
		cancel()
		<-release
		return true
	}}
	c := simClient(t, sim, startProxy(t, base, p))
	f := scoreFieldOf(t, c)
	err := c.SetApplicationCustomField(ctx, app, f, 73)
	close(release)
	if !errors.Is(err, ErrInDoubt) || !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
		t.Fatalf("%v: want ErrInDoubt and context.Canceled, not ErrUnavailable", err)
	}
	if got := p.patches.Load(); got != 1 {
		t.Fatalf("%d PATCHes, want 1", got)
	}
}

func TestSameValue(t *testing.T) {
	for _, tc := range []struct {
		read    any
		written string
		want    bool
	}{
		{81.0, "81", true}, {12.3, "12.30", true}, {12.3, "12.31", false}, {"81", "81", true}, {"81.0", "81", true},
		{"abc", "abc", true}, {"abc", "abd", false}, {nil, "", true}, {nil, "0", false}, {true, "true", true},
	} {
		if got := SameValue(tc.read, tc.written); got != tc.want {
			t.Errorf("SameValue(%v, %q) = %v", tc.read, tc.written, got)
		}
	}
}
