package app

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/app/learner"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/views"
)

// discoverShow ranks every candidate (or only the applicants) for a job, a
// page at a time. The state lives in the URL (job, applied_only, page);
// htmx requests get the results fragment and the canonical URL to push.
func (s *server) discoverShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.NewDiscoverForm(r)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.viewer(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	p, err := s.discoverProps(ctx, v, f)
	if err != nil {
		s.error(w, r, err)
		return
	}
	if p.Act, err = s.discoverAct(r, p); err != nil {
		s.error(w, r, err)
		return
	}
	if isHTMX(r) {
		w.Header().Set("HX-Push-Url", discoverURL(p.Query))
	}
	s.render(w, r, http.StatusOK, views.DiscoverPage(s.layout(w, r, discoverTitle(p), "discover"), p), "discover-results")
}

func discoverTitle(p views.DiscoverProps) string {
	if p.Job != nil {
		return "Discover: " + p.Job.Name
	}
	return "Discover"
}

func discoverURL(q url.Values) string {
	if len(q) == 0 {
		return "/discover"
	}
	return "/discover?" + q.Encode()
}

// discoverQuery is the canonical query of a Discover page.
func discoverQuery(jobID int64, appliedOnly bool, page int) url.Values {
	q := url.Values{}
	q.Set("job", strconv.FormatInt(jobID, 10))
	if appliedOnly {
		q.Set("applied_only", "1")
	} else {
		q.Set("applied_only", "0")
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return q
}

func (s *server) discoverProps(ctx context.Context, v db.Viewer, f form.DiscoverForm) (views.DiscoverProps, error) {
	p := views.DiscoverProps{JobQuery: f.Query, AppliedOnly: f.AppliedOnly, Page: f.Page, PerPage: discoverPerPage}

	// Which job: the chosen id, unless the title field was changed to
	// name another job (typed without picking from the list).
	jobID := f.JobID
	if f.Query != "" {
		var name string
		if jobID != 0 {
			if jd, err := s.DB.JobDetailFor(ctx, v, jobID); err == nil {
				name = jd.Name
			}
		}
		if jobID == 0 || !equalFoldTrim(name, f.Query) {
			j, err := s.resolveJob(ctx, v, f.Query)
			if err != nil {
				return p, err
			}
			if j == nil {
				p.Empty = views.DiscoverJobNotFound
				return p, nil
			}
			jobID = j.ID
		}
	}
	if jobID == 0 {
		p.Empty = views.DiscoverNoJob
		if empty, err := s.indexEmpty(); err != nil {
			return p, err
		} else if empty {
			p.Empty = views.DiscoverNotSynced
		}
		return p, nil
	}
	jd, err := s.DB.JobDetailFor(ctx, v, jobID)
	if err != nil {
		return p, err
	}
	co, err := s.company(ctx)
	if err != nil {
		return p, err
	}
	p.Job = &views.JobRef{ID: jd.ID, Name: jd.Name, Status: jd.Status, Department: jd.Department, ATSURL: co.jobURL(jd.ID),
		Confidential: jd.Confidential}
	p.JobQuery = jd.Name
	p.Query = discoverQuery(jd.ID, f.AppliedOnly, f.Page)
	if empty, err := s.indexEmpty(); err != nil {
		return p, err
	} else if empty {
		p.Empty = views.DiscoverNotSynced
		return p, nil
	}

	rp, err := s.rankJob(ctx, v, jd, f.AppliedOnly, (f.Page-1)*discoverPerPage, discoverPerPage)
	if err != nil {
		return p, err
	}
	total := int(rp.Ranking.Total)
	pages := (total + discoverPerPage - 1) / discoverPerPage
	if f.Page > pages && pages > 0 {
		// A bookmarked page past the end (the ranking shrank): show the last.
		f.Page = pages
		p.Page, p.Query = pages, discoverQuery(jd.ID, f.AppliedOnly, pages)
		if rp, err = s.rankJob(ctx, v, jd, f.AppliedOnly, (pages-1)*discoverPerPage, discoverPerPage); err != nil {
			return p, err
		}
	}
	p.Total, p.Pages = total, pages
	for i, t := range rp.Ranking.Query.Terms {
		if i == 12 {
			break
		}
		p.Terms = append(p.Terms, t.Term)
	}
	if total == 0 {
		if f.AppliedOnly && jd.Applicants == 0 {
			p.Empty = views.DiscoverNoApplicants
		} else {
			p.Empty = views.DiscoverNoMatches
		}
		return p, nil
	}
	if p.Ranker, err = s.ranker(ctx, rp.Model, rp.Depth); err != nil {
		return p, err
	}
	back := "?" + backQuery(jd.ID, f.AppliedOnly, f.Page)
	for _, row := range rp.Rows {
		c := row.Candidate
		id := row.Hit.ID
		rr := views.RankRow{
			Rank: row.Rank, ID: id, Name: c.Name(), Title: c.Title, Company: c.Company, Private: c.Private,
			Percent: row.Percent, Score: row.Score,
			Applied: row.Hit.Applied || c.ApplicationID != 0, Prospect: c.Prospect, Status: c.Status, Stage: c.StageName,
			LastActivity: c.LastActivityAt,
			CandidateURL: "/candidates/" + strconv.FormatInt(id, 10) + back,
			MatchURL:     "/jobs/" + strconv.FormatInt(jd.ID, 10) + "/candidates/" + strconv.FormatInt(id, 10) + "/match" + back,
		}
		var matched float64
		for _, t := range row.Hit.Matched {
			matched += t.Contribution
		}
		for i, t := range row.Hit.Matched {
			if i == 5 {
				break
			}
			share := 0.0
			if matched > 0 {
				share = 100 * t.Contribution / matched
			}
			rr.Terms = append(rr.Terms, views.TermTag{Term: t.Term, Share: share, Contribution: t.Contribution, Weight: t.Weight})
		}
		p.Rows = append(p.Rows, rr)
	}
	return p, nil
}

// backQuery carries a ranking's state to the candidate and match pages so
// they can link back to it.
func backQuery(jobID int64, appliedOnly bool, page int) string {
	return discoverQuery(jobID, appliedOnly, page).Encode()
}

// backToDiscover rebuilds the Discover URL from a backQuery, or "".
func backToDiscover(q url.Values) string {
	f, err := form.NewDiscoverForm(&http.Request{URL: &url.URL{RawQuery: q.Encode()}})
	if err != nil || f.JobID == 0 {
		return ""
	}
	return discoverURL(discoverQuery(f.JobID, f.AppliedOnly, f.Page))
}

// ranker describes the ranker that ordered a list: the model, or why the
// list is lexical.
func (s *server) ranker(ctx context.Context, m *learner.Model, depth int) (views.Ranker, error) {
	r := views.Ranker{Name: m.Name()}
	if m != nil {
		r.Learned, r.TrainedAt, r.Depth = true, m.Run.TrainedAt, depth
		return r, nil
	}
	var err error
	r.Reason, err = s.Learner.LexicalReason(ctx)
	return r, err
}
