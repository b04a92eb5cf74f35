package app

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
	"github.com/shortlist-hq/shortlist/views"
)

// matchShow sets a job's requirements beside the candidate's resume
// sentences that meet them best, shared words highlighted, and lists the
// requirements nothing meets.
func (s *server) matchShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	jobID, err := pathID(r, "jobID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	candID, err := pathID(r, "candID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.viewer(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	jd, err := s.DB.JobDetailFor(ctx, v, jobID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	prof, err := s.DB.CandidateProfileFor(ctx, v, candID)
	if err != nil {
		s.error(w, r, err)
		return
	}
	c := prof.Candidate
	back := backToDiscover(r.URL.Query())
	if back == "" {
		back = discoverURL(discoverQuery(jobID, true, 1))
	}
	p := views.MatchProps{
		Job:         views.JobRef{ID: jd.ID, Name: jd.Name, Status: jd.Status, Department: jd.Department, Confidential: jd.Confidential},
		CandidateID: c.ID, CandidateName: c.Name(), CandidateTitle: c.Title, CandidatePrivate: c.Private,
		CandidateURL: "/candidates/" + itoa64(c.ID) + "?" + r.URL.RawQuery,
		BackURL:      back,
		HasResume:    prof.Resume.Text != "",
	}
	if p.Act, err = s.candidateAct(r, v, prof, &p.Job, false); err != nil {
		s.error(w, r, err)
		return
	}
	if p.HasResume {
		// The index's idf weighs shared words by how rare they are among
		// all candidates; before the index is usable, the two texts' own.
		jt := searchJob(jd).Text
		res, err := s.Index.Match(ctx, jt, prof.Resume.Text)
		if errors.Is(err, search.ErrNeedsRebuild) {
			res, err = search.Match(jt, prof.Resume.Text), nil
		}
		if err != nil {
			s.error(w, r, err)
			return
		}
		p.Coverage = res.Coverage
		for _, pr := range res.Pairs {
			mp := views.MatchPair{Strength: pr.Strength}
			var reqMarks []search.Span
			for _, m := range pr.Matches {
				reqMarks = append(reqMarks, m.RequirementMarks...)
				mp.Matches = append(mp.Matches, views.MatchSentence{
					Text: marked(m.Sentence.Text, m.SentenceMarks), Strength: m.Strength, Shared: m.Shared,
				})
			}
			mp.Job = marked(pr.Requirement.Text, reqMarks)
			p.Pairs = append(p.Pairs, mp)
		}
		for _, g := range res.Gaps {
			p.Gaps = append(p.Gaps, []views.MatchSegment{{Text: g.Text}})
		}
	}
	if p.Why, err = s.scoreWhy(ctx, v, jd, c.ID, r.URL.Query()); err != nil {
		s.error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, views.MatchPage(s.layout(w, r, c.Name()+" for "+jd.Name, "discover"), p))
}

// scoreWhy explains the candidate's score in the ranking the Match page
// was opened from (Applied Only or everyone; Applied Only by default, as
// the way back is), as v sees it.
func (s *server) scoreWhy(ctx context.Context, v db.Viewer, jd db.JobDetail, candID int64, q url.Values) (*views.ScoreWhy, error) {
	appliedOnly := true
	if f, err := form.NewDiscoverForm(&http.Request{URL: &url.URL{RawQuery: q.Encode()}}); err == nil && f.JobID != 0 {
		appliedOnly = f.AppliedOnly
	}
	ex, err := s.Learner.Explain(ctx, searchJob(jd), withVisibility(v, search.RankOptions{AppliedOnly: appliedOnly}), candID)
	if errors.Is(err, search.ErrNeedsRebuild) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	why := &views.ScoreWhy{Found: ex.Found, Rank: ex.Rank, Score: ex.Score, Depth: ex.Depth, AppliedOnly: appliedOnly}
	if why.Ranker, err = s.ranker(ctx, ex.Model, ex.Depth); err != nil {
		return nil, err
	}
	for _, row := range ex.Rows {
		why.Rows = append(why.Rows, views.ScorePart{Feature: row.Feature, Value: row.Value, Contribution: row.Contribution})
	}
	return why, nil
}

// marked cuts text into plain and highlighted runs at the spans (byte
// offsets; overlapping or unordered spans are merged).
func marked(text string, spans []search.Span) []views.MatchSegment {
	ss := append([]search.Span(nil), spans...)
	sort.Slice(ss, func(i, j int) bool { return ss[i].Start < ss[j].Start })
	var out []views.MatchSegment
	pos := 0
	for _, sp := range ss {
		start, end := max(sp.Start, pos), min(sp.End, len(text))
		if start >= end {
			continue
		}
		if start > pos {
			out = append(out, views.MatchSegment{Text: text[pos:start]})
		}
		out = append(out, views.MatchSegment{Text: text[start:end], Mark: true})
		pos = end
	}
	if pos < len(text) {
		out = append(out, views.MatchSegment{Text: text[pos:]})
	}
	return out
}
