package app

import (
	"context"
	"sync"
	"time"

	"github.com/shortlist-hq/shortlist/app/greenhouse"
	"github.com/shortlist-hq/shortlist/views"
)

// fieldsTTL is how long the list of Greenhouse's application custom fields
// is reused: My Company would otherwise ask Harvest at every visit.
const fieldsTTL = time.Minute

// fieldCache remembers the application custom fields.
type fieldCache struct {
	mu     sync.Mutex
	at     time.Time
	client *greenhouse.Client
	fields []greenhouse.CustomField
}

// applicationFields lists Greenhouse's application custom fields, from
// memory for a minute.
func (a *App) applicationFields(ctx context.Context) ([]greenhouse.CustomField, error) {
	gh := a.greenhouseClient()
	if gh == nil {
		return nil, ErrNotConnected
	}
	c := &a.scores.fields
	c.mu.Lock()
	if c.client == gh && time.Since(c.at) < fieldsTTL {
		fs := c.fields
		c.mu.Unlock()
		return fs, nil
	}
	c.mu.Unlock()
	fs, err := gh.ApplicationCustomFields(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.client, c.fields, c.at = gh, fs, time.Now()
	c.mu.Unlock()
	return fs, nil
}

// writebackProps describe the score write-back section of My Company.
func (s *server) writebackProps(ctx context.Context) (views.WritebackProps, error) {
	ws, err := s.WritebackSettings(ctx)
	if err != nil {
		return views.WritebackProps{}, err
	}
	p := views.WritebackProps{FieldID: ws.Field.ID, FieldName: ws.Field.Name, Scale: ws.Scale, Schedule: ws.Schedule}
	if gh := s.greenhouseClient(); gh != nil {
		p.Connected, p.Version = true, gh.Version()
		fields, err := s.applicationFields(ctx)
		if err != nil {
			p.FieldsError = userError(err)
		}
		for _, f := range fields {
			p.Fields = append(p.Fields, views.WritebackField{ID: f.ID, Name: f.Name, NameKey: f.NameKey, ValueType: f.ValueType,
				Usable: writableField(f)})
		}
	}
	if p.Status, err = s.writebackStatusProps(ctx); err != nil {
		return p, err
	}
	return p, nil
}

// writebackStatusProps describe the run in flight or the last one.
func (s *server) writebackStatusProps(ctx context.Context) (views.WritebackStatus, error) {
	ws, err := s.WritebackSettings(ctx)
	if err != nil {
		return views.WritebackStatus{}, err
	}
	prog := s.WritebackStatus()
	st := views.WritebackStatus{Configured: ws.Field.ID != 0 && s.greenhouseClient() != nil, Running: prog.Running,
		StartedAt: prog.StartedAt, JobsDone: prog.JobsDone, JobsTotal: prog.JobsTotal, Counts: viewCounts(prog.WritebackCounts)}
	last, err := s.LastWritebackRun(ctx)
	if err != nil {
		return st, err
	}
	st.Last = views.WritebackLastRun{StartedAt: last.StartedAt, FinishedAt: last.FinishedAt, Outcome: last.Outcome, Error: last.Error,
		Counts: viewCounts(last.WritebackCounts)}
	if st.Stats, err = s.DB.ScoreWriteStats(ctx); err != nil {
		return st, err
	}
	if every := ws.Interval(); every > 0 && st.Configured {
		st.ScheduleOn = true
		if last.StartedAt.IsZero() {
			st.NextRunAt = s.DB.Now()
		} else {
			st.NextRunAt = last.StartedAt.Add(every)
		}
	}
	return st, nil
}

func viewCounts(c WritebackCounts) views.WritebackCounts {
	return views.WritebackCounts{Checked: c.Checked, Written: c.Written, Unchanged: c.Unchanged, Skipped: c.Skipped,
		Failed: c.Failed, Reconciled: c.Reconciled}
}

// ApplicationCustomFields lists Greenhouse's application custom fields
// (from memory for a minute): the fields write-back can use.
func (a *App) ApplicationCustomFields(ctx context.Context) ([]greenhouse.CustomField, error) {
	return a.applicationFields(ctx)
}
