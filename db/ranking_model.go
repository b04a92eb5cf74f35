package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Outcomes of a training run of the learned ranking model.
const (
	// ModelAdopted: the run's model ranks from now on.
	ModelAdopted = "adopted"
	// ModelKept: the run's model did worse than the one in use, which
	// stays.
	ModelKept = "kept"
	// ModelLexical: the run's model did not beat the lexical ranker (or
	// there was too little to learn from), and no model is in use.
	ModelLexical = "lexical"
)

// RankingModel is one training run of the learned ranking model.
type RankingModel struct {
	ID         int64
	TrainedAt  time.Time
	FeatureSet int
	// Model is the learn.Model JSON ("" when the run trained none).
	Model string
	// Examples are the judged applications the model was trained on, Jobs
	// the jobs they applied to; Decisions counts the decisions known
	// (DecisionCounts.Events) when the run began.
	Examples, Jobs, Decisions int
	// Backtest is the comparison with the lexical ranker, JSON.
	Backtest string
	Outcome  string
	// Reason says why the outcome is what it is, for the owner.
	Reason string
}

// SaveRankingModel records a training run and returns its id.
func (d *DB) SaveRankingModel(ctx context.Context, m RankingModel) (int64, error) {
	if m.Backtest == "" {
		m.Backtest = "{}"
	}
	res, err := d.write.ExecContext(ctx, `INSERT INTO ranking_models
		(trained_at, feature_set, model, examples, jobs, decisions, backtest, outcome, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		formatTime(m.TrainedAt), m.FeatureSet, m.Model, m.Examples, m.Jobs, m.Decisions, m.Backtest, m.Outcome, m.Reason)
	if err != nil {
		return 0, fmt.Errorf("db: save ranking model: %w", err)
	}
	return res.LastInsertId()
}

const rankingModelCols = `id, trained_at, feature_set, model, examples, jobs, decisions, backtest, outcome, reason`

func scanRankingModel(row interface{ Scan(...any) error }) (RankingModel, error) {
	var m RankingModel
	var at sql.NullString
	err := row.Scan(&m.ID, &at, &m.FeatureSet, &m.Model, &m.Examples, &m.Jobs, &m.Decisions, &m.Backtest, &m.Outcome, &m.Reason)
	m.TrainedAt = parseTime(at)
	return m, err
}

// RankingModels returns the last limit training runs, newest first.
func (d *DB) RankingModels(ctx context.Context, limit int) ([]RankingModel, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT `+rankingModelCols+` FROM ranking_models ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: ranking models: %w", err)
	}
	defer rows.Close()
	var out []RankingModel
	for rows.Next() {
		m, err := scanRankingModel(rows)
		if err != nil {
			return nil, fmt.Errorf("db: ranking models: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: ranking models: %w", err)
	}
	return out, nil
}

// AdoptedRankingModel returns the newest adopted model of featureSet: the
// one in use. ErrNotFound when none was adopted.
func (d *DB) AdoptedRankingModel(ctx context.Context, featureSet int) (RankingModel, error) {
	m, err := scanRankingModel(d.read.QueryRowContext(ctx, `SELECT `+rankingModelCols+` FROM ranking_models
		WHERE outcome = 'adopted' AND feature_set = ? ORDER BY id DESC LIMIT 1`, featureSet))
	if errors.Is(err, sql.ErrNoRows) {
		return m, fmt.Errorf("db: adopted ranking model: %w", ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("db: adopted ranking model: %w", err)
	}
	return m, nil
}

// DocVersionsSince returns the document version (see
// candidate_doc_versions) of every candidate whose data changed after
// version after, and the newest version among them (after when none).
func (d *DB) DocVersionsSince(ctx context.Context, after int64) (map[int64]int64, int64, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT candidate_id, seq FROM candidate_doc_versions WHERE seq > ? ORDER BY seq`, after)
	if err != nil {
		return nil, after, fmt.Errorf("db: document versions: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	newest := after
	for rows.Next() {
		var id, seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return nil, after, fmt.Errorf("db: document versions: %w", err)
		}
		out[id] = seq
		newest = max(newest, seq)
	}
	if err := rows.Err(); err != nil {
		return nil, after, fmt.Errorf("db: document versions: %w", err)
	}
	return out, newest, nil
}

// FeatureSource is what the learned ranker may read about a candidate, and
// nothing else: the current title, the current resume's text, the
// positions' titles and dates, and the degrees (degree and discipline:
// neither the school, which can hint at gender or origin, nor the dates,
// which hint at age). Name is there only so the ranker can remove it from
// the resume text. Contact details, addresses, tags, EEOC and demographic
// answers, custom fields and the raw records are never read.
type FeatureSource struct {
	CandidateID int64
	Name        string
	Title       string
	Resume      string
	Employments []FeatureEmployment
	Degrees     []string
}

// FeatureEmployment is a position's title and dates.
type FeatureEmployment struct {
	Title      string
	Start, End time.Time
}

// FeatureSources loads the feature sources of the candidates that exist
// among ids.
func (d *DB) FeatureSources(ctx context.Context, ids []int64) (map[int64]FeatureSource, error) {
	out := make(map[int64]FeatureSource, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in := idsJSON(ids)
	rows, err := d.read.QueryContext(ctx, `SELECT c.id, c.first_name, c.last_name, c.title,
		coalesce((SELECT t.text FROM attachments a JOIN attachment_texts t ON t.attachment_id = a.id
			WHERE a.candidate_id = c.id AND a.type = 'resume' AND t.status = 'ok'
			ORDER BY a.created_at DESC, a.id DESC LIMIT 1), '')
		FROM candidates c WHERE c.id IN (SELECT value FROM json_each(?))`, in)
	if err != nil {
		return nil, fmt.Errorf("db: feature sources: %w", err)
	}
	for rows.Next() {
		var s FeatureSource
		var first, last string
		if err := rows.Scan(&s.CandidateID, &first, &last, &s.Title, &s.Resume); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: feature sources: %w", err)
		}
		s.Name = strings.TrimSpace(first + " " + last)
		out[s.CandidateID] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: feature sources: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT candidate_id, title, start_date, end_date FROM candidate_employments
		WHERE candidate_id IN (SELECT value FROM json_each(?)) ORDER BY candidate_id, start_date DESC, id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: feature sources: employments: %w", err)
	}
	for rows.Next() {
		var id int64
		var e FeatureEmployment
		var sd, ed sql.NullString
		if err := rows.Scan(&id, &e.Title, &sd, &ed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("db: feature sources: employments: %w", err)
		}
		e.Start, e.End = parseTime(sd), parseTime(ed)
		if s, ok := out[id]; ok {
			s.Employments = append(s.Employments, e)
			out[id] = s
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: feature sources: employments: %w", err)
	}

	rows, err = d.read.QueryContext(ctx, `SELECT candidate_id, trim(degree || ' ' || discipline) FROM candidate_educations
		WHERE candidate_id IN (SELECT value FROM json_each(?)) ORDER BY candidate_id, end_date DESC, id`, in)
	if err != nil {
		return nil, fmt.Errorf("db: feature sources: degrees: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var deg string
		if err := rows.Scan(&id, &deg); err != nil {
			return nil, fmt.Errorf("db: feature sources: degrees: %w", err)
		}
		if s, ok := out[id]; ok && deg != "" {
			s.Degrees = append(s.Degrees, deg)
			out[id] = s
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: feature sources: degrees: %w", err)
	}
	return out, nil
}

// OpenJobIDs lists the open jobs that are listed (see listedJob), most
// recently opened first: the jobs whose rankings are worth preparing.
func (d *DB) OpenJobIDs(ctx context.Context) ([]int64, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT j.id FROM jobs j WHERE j.status = 'open' AND `+listedJob+`
		ORDER BY j.opened_at DESC, j.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("db: open jobs: %w", err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("db: open jobs: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
