package simulator

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Snapshot is a copy of every record, ordered by ascending id, for tests
// that check what a sync stored ("the sync holds exactly the simulator's
// records"). Slices inside records are shared with the simulator but never
// modified in place, so a Snapshot stays valid while the Sim keeps
// changing.
type Snapshot struct {
	Departments        []Department
	Offices            []Office
	Users              []User
	Sources            []Source
	RejectionReasons   []RejectionReason
	CloseReasons       []CloseReason
	Jobs               []Job
	JobPosts           []JobPost
	JobInterviewStages []JobInterviewStage
	JobHiringManagers  []JobHiringManager
	JobOwners          []JobOwner
	Openings           []Opening
	Candidates         []Candidate
	Educations         []Education
	Employments        []Employment
	Applications       []Application
	ApplicationStages  []ApplicationStage
	Attachments        []Attachment
	Interviews         []Interview
	Scorecards         []Scorecard
	Offers             []Offer
	Notes              []Note
	// EEOC are the self-identification answers (derived from the
	// applications, as /v3/eeoc serves them).
	EEOC []EEOC
}

// Snapshot copies the current records.
func (s *Sim) Snapshot() *Snapshot {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	return &Snapshot{
		Departments:        snapshotOf(st.departments),
		Offices:            snapshotOf(st.offices),
		Users:              snapshotOf(st.users),
		Sources:            snapshotOf(st.sources),
		RejectionReasons:   snapshotOf(st.rejectionReasons),
		CloseReasons:       snapshotOf(st.closeReasons),
		Jobs:               snapshotOf(st.jobs),
		JobPosts:           snapshotOf(st.jobPosts),
		JobInterviewStages: snapshotOf(st.stages),
		JobHiringManagers:  snapshotOf(st.hiringManagers),
		JobOwners:          snapshotOf(st.jobOwners),
		Openings:           snapshotOf(st.openings),
		Candidates:         snapshotOf(st.candidates),
		Educations:         snapshotOf(st.educations),
		Employments:        snapshotOf(st.employments),
		Applications:       snapshotOf(st.applications),
		ApplicationStages:  snapshotOf(st.applicationStages),
		Attachments:        snapshotOf(st.attachments),
		Interviews:         snapshotOf(st.interviews),
		Scorecards:         snapshotOf(st.scorecards),
		Offers:             snapshotOf(st.offers),
		Notes:              snapshotOf(st.notes),
		EEOC:               derefAll(eeocs(st)),
	}
}

// derefAll copies derived records out of their pointers.
func derefAll[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

// Resources lists the v3 resource names the simulator serves.
func Resources() []string {
	out := make([]string, 0, len(v3Specs))
	for k := range v3Specs {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// V3JSON renders every record of a v3 resource exactly as GET /v3/<resource>
// would, ordered by id DESC, with attachment URLs signed for base.
func (s *Sim) V3JSON(resource, base string) ([]json.RawMessage, error) {
	spec := v3Specs[resource]
	if spec == nil {
		return nil, fmt.Errorf("simulator: unknown resource %q", resource)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	src := spec.src(s.st)
	rc := &renderCtx{s: s, st: s.st, base: base, now: s.now()}
	out := make([]json.RawMessage, 0, src.length())
	for i := src.length() - 1; i >= 0; i-- {
		b, err := json.Marshal(spec.render(rc, src.rowAt(i)))
		if err != nil {
			return nil, fmt.Errorf("simulator: encode %s: %w", resource, err)
		}
		out = append(out, b)
	}
	return out, nil
}
