package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/db"
)

// Score write-back: Shortlist writes each active application's match score
// for its job into an application custom field an owner chose, on a
// schedule, as the integrations it replaces did. A score is computed again
// only when what it depends on changed (the job's text, the candidate's
// resume and profile, the ranker, the curve's top applicant, the settings),
// and sent only when its value changed; what Greenhouse holds is kept per
// application (db.ScoreWrite). Each write is recorded before it is sent and
// after it is answered; a write left unfinished (a crash, a lost answer) is
// read back from Greenhouse before anything is sent again, so no value is
// sent twice.

// Settings keys of score write-back.
const (
	SettingWritebackFieldID   = "writeback.field_id"
	SettingWritebackFieldKey  = "writeback.field_key"
	SettingWritebackFieldName = "writeback.field_name"
	SettingWritebackFieldType = "writeback.field_type"
	SettingWritebackScale     = "writeback.scale"
	SettingWritebackSchedule  = "writeback.schedule"
	SettingWritebackLastRun   = "writeback.last_run"
)

// Schedules an owner picks from; any Go duration of at least
// MinWritebackInterval works too.
const (
	ScheduleOff    = "off"
	ScheduleHourly = "hourly"
	ScheduleDaily  = "daily"
)

// MinWritebackInterval is the shortest schedule interval.
const MinWritebackInterval = 5 * time.Minute

// defaultWritebackPace is the pause between two writes: two a second stays
// inside both Harvest versions' limits (v3 75 per 30 s, v1 50 per 10 s)
// and leaves room for the sync.
const defaultWritebackPace = 500 * time.Millisecond

// WritebackSettings say where and when scores are written.
type WritebackSettings struct {
	// Field is the application custom field; ID 0 means none chosen.
	Field greenhouse.CustomField
	// Scale is ScalePercent or ScaleRaw.
	Scale string
	// Schedule is off, hourly, daily or an interval such as 30m.
	Schedule string
}

// Interval is how often the schedule runs; 0 means it does not.
func (ws WritebackSettings) Interval() time.Duration {
	d, _ := parseSchedule(ws.Schedule)
	return d
}

// parseSchedule reads a schedule: 0 for off.
func parseSchedule(s string) (time.Duration, error) {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "", ScheduleOff:
		return 0, nil
	case ScheduleHourly:
		return time.Hour, nil
	case ScheduleDaily:
		return 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < MinWritebackInterval {
		return 0, invalid("the schedule must be off, hourly, daily or an interval of at least %s such as 30m or 6h", MinWritebackInterval)
	}
	return d, nil
}

// WritebackSettings reads the write-back settings.
func (a *App) WritebackSettings(ctx context.Context) (WritebackSettings, error) {
	kv, err := a.DB.Settings(ctx)
	if err != nil {
		return WritebackSettings{}, err
	}
	ws := WritebackSettings{Scale: kv[SettingWritebackScale], Schedule: kv[SettingWritebackSchedule]}
	ws.Field.ID, _ = strconv.ParseInt(kv[SettingWritebackFieldID], 10, 64)
	ws.Field.NameKey, ws.Field.Name, ws.Field.ValueType = kv[SettingWritebackFieldKey], kv[SettingWritebackFieldName], kv[SettingWritebackFieldType]
	ws.Field.FieldType, ws.Field.Active = "application", true
	if ws.Scale == "" {
		ws.Scale = ScalePercent
	}
	if ws.Schedule == "" {
		ws.Schedule = ScheduleOff
	}
	return ws, nil
}

// writableField reports whether a custom field can hold the score.
func writableField(f greenhouse.CustomField) bool {
	return f.FieldType == "application" && f.Active && (f.ValueType == "number" || f.ValueType == "short_text")
}

// SaveWritebackSettings checks and saves the settings. A field with
// ID 0 turns write-back off.
func (a *App) SaveWritebackSettings(ctx context.Context, ws WritebackSettings) error {
	if ws.Scale != ScalePercent && ws.Scale != ScaleRaw {
		return invalid("the score must be written as %q or %q", ScalePercent, ScaleRaw)
	}
	if _, err := parseSchedule(ws.Schedule); err != nil {
		return err
	}
	if ws.Field.ID != 0 && !writableField(ws.Field) {
		return invalid("the field %q cannot hold the score: choose an active application field of type Number or Short textbox", ws.Field.Name)
	}
	kv := map[string]string{SettingWritebackScale: ws.Scale, SettingWritebackSchedule: strings.ToLower(strings.TrimSpace(ws.Schedule)),
		SettingWritebackFieldID: "", SettingWritebackFieldKey: "", SettingWritebackFieldName: "", SettingWritebackFieldType: ""}
	if ws.Field.ID != 0 {
		kv[SettingWritebackFieldID] = strconv.FormatInt(ws.Field.ID, 10)
		kv[SettingWritebackFieldKey], kv[SettingWritebackFieldName], kv[SettingWritebackFieldType] = ws.Field.NameKey, ws.Field.Name, ws.Field.ValueType
	}
	if err := a.DB.SetSettings(ctx, kv); err != nil {
		return err
	}
	a.scores.poke()
	return nil
}

// WritebackProgress is the run in flight (Running false when none is).
type WritebackProgress struct {
	Running   bool      `json:"running"`
	StartedAt time.Time `json:"started_at,omitzero"`
	JobsDone  int       `json:"jobs_done"`
	JobsTotal int       `json:"jobs_total"`
	WritebackCounts
}

// WritebackCounts count what a run did with applications.
type WritebackCounts struct {
	// Checked applications; Written scores sent and confirmed; Unchanged
	// ones Greenhouse already holds; Skipped ones with no score yet (job
	// without text, candidate not indexed); Failed refused writes;
	// Reconciled writes in doubt settled by reading back.
	Checked    int `json:"checked"`
	Written    int `json:"written"`
	Unchanged  int `json:"unchanged"`
	Skipped    int `json:"skipped"`
	Failed     int `json:"failed"`
	Reconciled int `json:"reconciled"`
}

// WritebackRun is how a finished run went.
type WritebackRun struct {
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	Outcome    string    `json:"outcome"` // ok | failed | cancelled
	Error      string    `json:"error,omitempty"`
	WritebackCounts
}

// Errors of write-back runs.
var (
	errWritebackOff  = invalid("choose the Greenhouse field the score goes to first")
	errWritebackBusy = invalid("a write-back is running already")
)

// errCrashed stops a run as if the process had died (tests).
var errCrashed = errors.New("score write-back: stopped")

// scoreWriter runs write-back, one run at a time.
type scoreWriter struct {
	run  sync.Mutex
	mu   sync.Mutex
	prog WritebackProgress
	wake chan struct{}
	// pace is the pause between writes; sleep waits (tests replace both).
	pace  time.Duration
	sleep func(ctx context.Context, d time.Duration) error
	// afterSend, if set, runs right after each write's answer and before
	// it is recorded; an error stops the run there (tests: a crash).
	afterSend func(applicationID int64) error
	// ranker overrides rankerVersion (tests: a retrained model).
	ranker string
	// fields caches Greenhouse's application custom fields for My Company.
	fields fieldCache
}

func newScoreWriter() *scoreWriter {
	return &scoreWriter{wake: make(chan struct{}, 1), pace: defaultWritebackPace, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (w *scoreWriter) poke() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *scoreWriter) update(fn func(p *WritebackProgress)) {
	w.mu.Lock()
	fn(&w.prog)
	w.mu.Unlock()
}

// WritebackStatus is the run in flight.
func (a *App) WritebackStatus() WritebackProgress {
	a.scores.mu.Lock()
	defer a.scores.mu.Unlock()
	return a.scores.prog
}

// LastWritebackRun reads how the last finished run went (zero when none).
func (a *App) LastWritebackRun(ctx context.Context) (WritebackRun, error) {
	s, err := a.DB.Setting(ctx, SettingWritebackLastRun)
	var r WritebackRun
	if err != nil || s == "" {
		return r, err
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		return WritebackRun{}, nil
	}
	return r, nil
}

// StartScoreWriteback starts a run in the background unless one is
// running; it stops when the app shuts down.
func (a *App) StartScoreWriteback() error {
	ws, err := a.WritebackSettings(a.life)
	if err != nil {
		return err
	}
	if ws.Field.ID == 0 {
		return errWritebackOff
	}
	if a.greenhouseClient() == nil {
		return ErrNotConnected
	}
	go func() {
		if _, err := a.RunScoreWriteback(a.life); err != nil && !errors.Is(err, errWritebackBusy) && a.life.Err() == nil {
			a.log.Error("score write-back failed", slog.Any("error", err))
		}
	}()
	return nil
}

// writebackLoop runs write-back on its schedule until ctx ends. A failed
// run is tried again after at most 15 minutes, one cut short by a shutdown
// at the next start.
func (a *App) writebackLoop(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if a.writebackDue(ctx) {
			if _, err := a.RunScoreWriteback(ctx); err != nil && !errors.Is(err, errWritebackBusy) && ctx.Err() == nil {
				a.log.Error("score write-back failed", slog.Any("error", err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-a.scores.wake:
		}
	}
}

// writebackDue reports whether the schedule calls for a run now.
func (a *App) writebackDue(ctx context.Context) bool {
	ws, err := a.WritebackSettings(ctx)
	if err != nil || ws.Field.ID == 0 || a.greenhouseClient() == nil {
		return false
	}
	every := ws.Interval()
	if every <= 0 {
		return false
	}
	last, err := a.LastWritebackRun(ctx)
	if err != nil {
		return false
	}
	switch last.Outcome {
	case "cancelled":
		// Shortlist stopped mid-run: carry on now.
		return true
	case "failed":
		every = min(every, 15*time.Minute)
	}
	return last.StartedAt.IsZero() || !a.DB.Now().Before(last.StartedAt.Add(every))
}

// RunScoreWriteback runs write-back once now and returns how it went. It
// returns errWritebackBusy at once when a run is going.
func (a *App) RunScoreWriteback(ctx context.Context) (WritebackRun, error) {
	w := a.scores
	if !w.run.TryLock() {
		return WritebackRun{}, errWritebackBusy
	}
	defer w.run.Unlock()
	ws, err := a.WritebackSettings(ctx)
	if err != nil {
		return WritebackRun{}, err
	}
	if ws.Field.ID == 0 {
		return WritebackRun{}, errWritebackOff
	}
	gh := a.greenhouseClient()
	if gh == nil {
		return WritebackRun{}, ErrNotConnected
	}
	run := WritebackRun{StartedAt: a.DB.Now()}
	w.update(func(p *WritebackProgress) { *p = WritebackProgress{Running: true, StartedAt: run.StartedAt} })
	err = a.writeback(ctx, gh, ws, w)
	w.mu.Lock()
	run.WritebackCounts = w.prog.WritebackCounts
	w.prog.Running = false
	w.mu.Unlock()
	run.FinishedAt, run.Outcome = a.DB.Now(), "ok"
	switch {
	case errors.Is(err, errCrashed):
		return run, err // as if the process had died: nothing recorded
	case ctx.Err() != nil:
		run.Outcome, run.Error = "cancelled", "stopped: Shortlist shut down"
	case err != nil:
		run.Outcome, run.Error = "failed", userError(err)
	}
	b, _ := json.Marshal(run)
	if serr := a.DB.SetSettings(context.WithoutCancel(ctx), map[string]string{SettingWritebackLastRun: string(b)}); serr != nil && err == nil {
		err = serr
	}
	a.log.Info("score write-back finished", slog.String("outcome", run.Outcome), slog.Int("written", run.Written),
		slog.Int("unchanged", run.Unchanged), slog.Int("skipped", run.Skipped), slog.Int("failed", run.Failed),
		slog.String("error", run.Error))
	return run, err
}

// userError is an error as an owner should read it: Greenhouse's errors
// say what to do; others lose their package prefixes.
func userError(err error) string {
	var ge *greenhouse.Error
	if errors.As(err, &ge) {
		if errors.Is(err, greenhouse.ErrInDoubt) {
			return ge.Error() + "; the next run checks whether it arrived before writing again"
		}
		return ge.Error()
	}
	if msg, ok := db.SafeMessage(err); ok {
		return msg
	}
	return err.Error()
}

// maxRefusals is how many applications in a row Greenhouse may refuse
// (422) before the run stops: one refusal is about that application, many
// about the field.
const maxRefusals = 3

func (a *App) writeback(ctx context.Context, gh *greenhouse.Client, ws WritebackSettings, w *scoreWriter) error {
	if err := a.reconcileScoreWrites(ctx, gh, w); err != nil {
		return err
	}
	targets, err := a.DB.ScoreTargets(ctx)
	if err != nil {
		return err
	}
	var jobs [][]db.ScoreTarget
	for i, t := range targets {
		if i == 0 || t.JobID != targets[i-1].JobID {
			jobs = append(jobs, nil)
		}
		jobs[len(jobs)-1] = append(jobs[len(jobs)-1], t)
	}
	w.update(func(p *WritebackProgress) { p.JobsTotal = len(jobs) })
	ranker := rankerVersion()
	if w.ranker != "" {
		ranker = w.ranker
	}
	refusals, sent := 0, 0
	for _, group := range jobs {
		sends, err := a.scoresToWrite(ctx, ws, ranker, group, w)
		if err != nil {
			return err
		}
		for _, s := range sends {
			if sent > 0 {
				if err := w.sleep(ctx, w.pace); err != nil {
					return err
				}
			}
			sent++
			if err := a.DB.BeginScoreWrite(ctx, s.ApplicationID, s.JobID, s.PendingField, s.PendingValue, s.PendingInputs); err != nil {
				return err
			}
			werr := gh.SetApplicationCustomField(ctx, s.ApplicationID, ws.Field, fieldValue(ws.Field, s.PendingValue))
			if w.afterSend != nil {
				if err := w.afterSend(s.ApplicationID); err != nil {
					return errCrashed
				}
			}
			switch {
			case werr == nil:
				refusals = 0
				if err := a.DB.FinishScoreWrite(context.WithoutCancel(ctx), s.ApplicationID); err != nil {
					return err
				}
				w.update(func(p *WritebackProgress) { p.Written++ })
			case errors.Is(werr, greenhouse.ErrInDoubt) || ctx.Err() != nil:
				// Left pending: the next run reads it back first.
				return werr
			case errors.Is(werr, greenhouse.ErrNotFound) || errors.Is(werr, greenhouse.ErrValidation):
				if err := a.DB.AbandonScoreWrite(ctx, s.ApplicationID, userError(werr)); err != nil {
					return err
				}
				w.update(func(p *WritebackProgress) { p.Failed++ })
				if errors.Is(werr, greenhouse.ErrValidation) {
					if refusals++; refusals >= maxRefusals {
						return werr
					}
				}
			default:
				// Refused for a reason that holds for every application
				// (permission, credentials, rate limits): stop.
				if err := a.DB.AbandonScoreWrite(ctx, s.ApplicationID, userError(werr)); err != nil {
					return err
				}
				w.update(func(p *WritebackProgress) { p.Failed++ })
				return werr
			}
		}
		w.update(func(p *WritebackProgress) { p.JobsDone++ })
	}
	return nil
}

// scoresToWrite computes the scores of one job's applications whose inputs
// changed, notes the new inputs of those whose value did not, and returns
// the writes to send (as pending ScoreWrites).
func (a *App) scoresToWrite(ctx context.Context, ws WritebackSettings, ranker string, group []db.ScoreTarget, w *scoreWriter) ([]db.ScoreWrite, error) {
	w.update(func(p *WritebackProgress) { p.Checked += len(group) })
	jd, err := a.DB.JobDetail(ctx, group[0].JobID)
	if errors.Is(err, db.ErrNotFound) {
		w.update(func(p *WritebackProgress) { p.Skipped += len(group) })
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	curve, err := a.jobCurve(ctx, jd)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(curve.Job.Text) == "" {
		// No post to rank by: no score to give.
		w.update(func(p *WritebackProgress) { p.Skipped += len(group) })
		return nil, nil
	}
	ids := make([]int64, len(group))
	for i, t := range group {
		ids[i] = t.CandidateID
	}
	profiles, err := a.DB.CandidateProfiles(ctx, ids)
	if err != nil {
		return nil, err
	}
	docs := make(map[int64]string, len(profiles))
	for _, p := range profiles {
		docs[p.Candidate.ID] = documentFingerprint(p)
	}
	job := jobFingerprint(curve.Job)
	var top string
	if ws.Scale == ScalePercent {
		top = strconv.FormatInt(curve.Top, 10)
	}
	var sends, same []db.ScoreWrite
	unchanged, skipped := 0, 0
	for _, t := range group {
		cur := t.Written
		doc, indexed := docs[t.CandidateID]
		raw, ranked := curve.Scores[t.CandidateID]
		if cur.Pending || !indexed || !ranked {
			skipped++
			continue
		}
		inputs := fingerprint(ranker, ws.Scale, ws.Field.NameKey, job, doc, top)
		sameField := cur.ApplicationID != 0 && cur.FieldKey == ws.Field.NameKey && cur.Value != ""
		if sameField && cur.Inputs == inputs {
			unchanged++
			continue
		}
		value := scoreValue(ws.Scale, raw, curve)
		if sameField && cur.Value == value {
			same = append(same, db.ScoreWrite{ApplicationID: t.ApplicationID, FieldKey: cur.FieldKey, Value: value, Inputs: inputs})
			unchanged++
			continue
		}
		sends = append(sends, db.ScoreWrite{ApplicationID: t.ApplicationID, JobID: t.JobID, PendingField: ws.Field.NameKey,
			PendingValue: value, PendingInputs: inputs})
	}
	if err := a.DB.NoteScoreInputs(ctx, same); err != nil {
		return nil, err
	}
	w.update(func(p *WritebackProgress) { p.Unchanged += unchanged; p.Skipped += skipped })
	return sends, nil
}

// reconcileScoreWrites settles the writes left in doubt by reading their
// values back: a write that arrived is recorded, one that did not is
// dropped (and sent again if still due).
func (a *App) reconcileScoreWrites(ctx context.Context, gh *greenhouse.Client, w *scoreWriter) error {
	doubt, err := a.DB.ScoreWritesInDoubt(ctx)
	if err != nil || len(doubt) == 0 {
		return err
	}
	byField := map[string][]db.ScoreWrite{}
	for _, d := range doubt {
		byField[d.PendingField] = append(byField[d.PendingField], d)
	}
	for field, ws := range byField {
		ids := make([]int64, len(ws))
		for i, d := range ws {
			ids[i] = d.ApplicationID
		}
		vals, err := gh.ApplicationCustomFieldValues(ctx, ids, field)
		if err != nil {
			return fmt.Errorf("checking %d score writes left unfinished: %w", len(ids), err)
		}
		for _, d := range ws {
			v, found := vals[d.ApplicationID]
			switch {
			case found && greenhouse.SameValue(v, d.PendingValue):
				err = a.DB.FinishScoreWrite(ctx, d.ApplicationID)
			case !found:
				err = a.DB.AbandonScoreWrite(ctx, d.ApplicationID, "Greenhouse no longer has the application")
			default:
				err = a.DB.AbandonScoreWrite(ctx, d.ApplicationID, "")
			}
			if err != nil {
				return err
			}
			w.update(func(p *WritebackProgress) { p.Reconciled++ })
		}
	}
	return nil
}
