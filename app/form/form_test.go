package form

import (
	"errors"
	"net/http/httptest"
	"testing"

	"github.com/shortlist-hq/shortlist/db"
)

func TestNewDiscoverForm(t *testing.T) {
	cases := []struct {
		name  string
		query string
		want  DiscoverForm
		err   bool
	}{
		{"Defaults", "", DiscoverForm{AppliedOnly: true, Page: 1}, false},
		{"CheckboxOn", "job=7&applied_only=0&applied_only=1", DiscoverForm{JobID: 7, AppliedOnly: true, Page: 1}, false},
		{"CheckboxOff", "job=7&applied_only=0", DiscoverForm{JobID: 7, Page: 1}, false},
		{"Words", "applied_only=false&page=3&q=+Data+Engineer+", DiscoverForm{Query: "Data Engineer", Page: 3}, false},
		{"BadJob", "job=x", DiscoverForm{}, true},
		{"NegativeJob", "job=-1", DiscoverForm{}, true},
		{"BadPage", "page=0", DiscoverForm{}, true},
		{"BadBool", "applied_only=perhaps", DiscoverForm{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NewDiscoverForm(httptest.NewRequest("GET", "/discover?"+tc.query, nil))
			if tc.err {
				if !errors.Is(err, db.ErrInvalid) {
					t.Fatalf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
}

func TestNewRankForm(t *testing.T) {
	cases := []struct {
		query string
		want  RankForm
		err   bool
	}{
		{"", RankForm{AppliedOnly: true, Limit: 50}, false},
		{"applied_only=false&limit=500&offset=10", RankForm{Limit: 500, Offset: 10}, false},
		{"limit=501", RankForm{}, true},
		{"limit=0", RankForm{}, true},
		{"offset=-5", RankForm{}, true},
	}
	for _, tc := range cases {
		got, err := NewRankForm(httptest.NewRequest("GET", "/x?"+tc.query, nil), 50, 500)
		if (err != nil) != tc.err || (!tc.err && got != tc.want) {
			t.Errorf("%q: got %+v, %v; want %+v (error %v)", tc.query, got, err, tc.want, tc.err)
		}
	}
}

func TestNewJobsForm(t *testing.T) {
	f, err := NewJobsForm(httptest.NewRequest("GET", "/jobs?q=nurse&department=3", nil))
	if err != nil || f.Status != "open" || f.DepartmentID != 3 || f.Query != "nurse" {
		t.Fatalf("got %+v, %v", f, err)
	}
	if _, err := NewJobsForm(httptest.NewRequest("GET", "/jobs?status=paused", nil)); !errors.Is(err, db.ErrInvalid) {
		t.Fatalf("unknown status: %v", err)
	}
}
