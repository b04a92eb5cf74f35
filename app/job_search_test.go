package app

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLongJobSearch checks that a job search of about 1,000 words, which
// SQLite cannot run as one expression, answers 200 on every page that
// searches jobs: with the job when the words name it, with nothing when
// they do not.
func TestLongJobSearch(t *testing.T) {
	_, srv := startServer(t, fx.app)
	tok, _, err := fx.app.CreateToken(context.Background(), recruiterEmail, "long search")
	if err != nil {
		t.Fatal(err)
	}
	job := fx.busiestJob()
	// The job's name, repeated up to about 1,000 words.
	nameWords := strings.Fields(job.Name)
	repeated := strings.Repeat(job.Name+" ", 1000/len(nameWords))
	filler := make([]string, 1000)
	for i := range filler {
		filler[i] = fmt.Sprintf("zz%dqq", i)
	}
	noMatch := strings.Join(filler, " ")
	jobMarker := fmt.Sprintf(`data-job-id="%d"`, job.ID)
	apiMarker := fmt.Sprintf(`"id":%d,`, job.ID)

	scenarios := []scenario{
		{Name: "JobsPageRepeatedName", As: "recruiter", URL: "/jobs?q=" + url.QueryEscape(repeated),
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{jobMarker}},
		{Name: "JobsPageThousandWords", As: "recruiter", URL: "/jobs?q=" + url.QueryEscape(noMatch),
			ExpectedStatus: http.StatusOK, NotExpectedContent: []string{jobMarker}},
		{Name: "SuggestRepeatedName", As: "recruiter", URL: "/discover/jobs?q=" + url.QueryEscape(repeated),
			ExpectedStatus: http.StatusOK, ExpectedContent: []string{job.Name}},
		{Name: "SuggestThousandWords", As: "recruiter", URL: "/discover/jobs?q=" + url.QueryEscape(noMatch),
			ExpectedStatus: http.StatusOK, NotExpectedContent: []string{job.Name}},
		{Name: "DiscoverThousandWords", As: "recruiter", URL: "/discover?q=" + url.QueryEscape(noMatch),
			ExpectedStatus: http.StatusOK},
		{Name: "APIRepeatedName", URL: "/api/v1/jobs?q=" + url.QueryEscape(repeated),
			Headers: map[string]string{"Authorization": "Bearer " + tok}, ExpectedStatus: http.StatusOK, ExpectedContent: []string{apiMarker}},
		{Name: "APIThousandWords", URL: "/api/v1/jobs?q=" + url.QueryEscape(noMatch),
			Headers: map[string]string{"Authorization": "Bearer " + tok}, ExpectedStatus: http.StatusOK, ExpectedContent: []string{"[]"}},
	}
	runScenarios(t, srv.URL, scenarios)
}
