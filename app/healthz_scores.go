package app

import (
	"context"
	"time"
)

// writebackHealth is the score write-back in /healthz's owner report.
type writebackHealth struct {
	// Field is the name_key of the field scores go to ("" when off).
	Field    string            `json:"field"`
	Scale    string            `json:"scale"`
	Schedule string            `json:"schedule"`
	Running  WritebackProgress `json:"progress"`
	LastRun  *WritebackRun     `json:"last_run"`
	// Written counts the applications whose score Greenhouse holds;
	// InDoubt the writes to read back before the next; Failed those
	// Greenhouse refused last.
	Written       int       `json:"written"`
	InDoubt       int       `json:"in_doubt"`
	Failed        int       `json:"failed"`
	LastWrittenAt time.Time `json:"last_written_at,omitzero"`
}

// assessmentHealth is the Assessment Partner in /healthz's owner report.
type assessmentHealth struct {
	Keys          int       `json:"keys"`
	Pending       int       `json:"pending"`
	Complete      int       `json:"complete"`
	NotifyFailing int       `json:"callbacks_failing"`
	LastError     string    `json:"last_error,omitempty"`
	LastRequestAt time.Time `json:"last_request_at,omitzero"`
}

// scoresHealth reports write-back and assessments for /healthz.
func (a *App) scoresHealth(ctx context.Context) (*writebackHealth, *assessmentHealth, error) {
	ws, err := a.WritebackSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	wh := &writebackHealth{Field: ws.Field.NameKey, Scale: ws.Scale, Schedule: ws.Schedule, Running: a.WritebackStatus()}
	last, err := a.LastWritebackRun(ctx)
	if err != nil {
		return nil, nil, err
	}
	if !last.StartedAt.IsZero() {
		wh.LastRun = &last
	}
	st, err := a.DB.ScoreWriteStats(ctx)
	if err != nil {
		return nil, nil, err
	}
	wh.Written, wh.InDoubt, wh.Failed, wh.LastWrittenAt = st.Written, st.InDoubt, st.Failed, st.LastWrittenAt
	as, err := a.DB.AssessmentStats(ctx)
	if err != nil {
		return nil, nil, err
	}
	return wh, &assessmentHealth{Keys: as.LiveKeys, Pending: as.Pending, Complete: as.Complete, NotifyFailing: as.NotifyFailing,
		LastError: as.LastError, LastRequestAt: as.LastRequestAt}, nil
}
