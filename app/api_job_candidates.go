package app

import (
	"net/http"

	"github.com/shortlist-hq/shortlist/app/form"
	"github.com/shortlist-hq/shortlist/search/learn"
)

// apiRanked is one ranked candidate in the API.
type apiRanked struct {
	Rank         int          `json:"rank"`
	ID           int64        `json:"id"`
	Name         string       `json:"name"`
	Title        *string      `json:"title"`
	Company      *string      `json:"company"`
	Private      bool         `json:"private"`
	Score        float64      `json:"score"`
	ScorePercent float64      `json:"score_percent"`
	Applied      bool         `json:"applied"`
	Prospect     bool         `json:"prospect"`
	Status       *string      `json:"status"`
	Stage        *string      `json:"current_stage"`
	LastActivity *string      `json:"last_activity_at"`
	MatchedTerms []apiMatched `json:"matched_terms"`
	ATSURL       *string      `json:"ats_url"`
	// ScoreParts decompose Score (they sum to it): the learned model's
	// feature contributions, or the lexical ranker's per job term
	// ("term:<term>").
	ScoreParts learn.Parts `json:"score_parts"`
}

type apiMatched struct {
	Term         string  `json:"term"`
	Contribution float64 `json:"contribution"`
	Weight       float64 `json:"weight"`
}

// apiJobCandidates is GET /api/v1/jobs/{jobID}/candidates: the job's
// ranking, best first. prospect marks candidates whose application to the
// job is a prospect's (the job is one of its prospective jobs). applied_only (default true), limit (default 50, at
// most 500) and offset page it. score_percent is relative to the top of
// the whole ranking (the first candidate at offset 0 has 100). The
// X-Shortlist-Model header names the ranker: "lexical", or "learned-<run>"
// for the learned model trained in that run (see the Ranking model page);
// each item's score_parts explain its score.
func (s *server) apiJobCandidates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	jobID, err := pathID(r, "jobID")
	if err != nil {
		s.error(w, r, err)
		return
	}
	f, err := form.NewRankForm(r, apiDefaultLimit, apiMaxLimit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	v, err := s.viewer(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	page, err := s.rank(ctx, v, jobID, f.AppliedOnly, f.Offset, f.Limit)
	if err != nil {
		s.error(w, r, err)
		return
	}
	co, err := s.company(ctx)
	if err != nil {
		s.error(w, r, err)
		return
	}
	out := make([]apiRanked, 0, len(page.Rows))
	for _, row := range page.Rows {
		c, h := row.Candidate, row.Hit
		a := apiRanked{
			Rank: row.Rank, ID: h.ID, Name: c.Name(), Title: apiString(c.Title), Company: apiString(c.Company),
			Private: c.Private, Score: row.Score, ScorePercent: row.Percent, Applied: h.Applied || c.ApplicationID != 0, Prospect: c.Prospect,
			Status: apiString(c.Status), Stage: apiString(c.StageName), LastActivity: apiTime(c.LastActivityAt),
			MatchedTerms: make([]apiMatched, 0, len(h.Matched)), ATSURL: apiString(co.candidateURL(h.ID)),
			ScoreParts: row.Parts,
		}
		for _, m := range h.Matched {
			a.MatchedTerms = append(a.MatchedTerms, apiMatched{Term: m.Term, Contribution: m.Contribution, Weight: m.Weight})
		}
		out = append(out, a)
	}
	w.Header().Set("X-Total-Count", itoa64(int64(page.Ranking.Total)))
	w.Header().Set("X-Shortlist-Model", page.Model.Name())
	s.writeJSON(w, http.StatusOK, out)
}
