package db

import (
	"context"
	"fmt"
)

// GreenhouseUserOption is a synced Greenhouse user an owner can map a
// Shortlist account to.
type GreenhouseUserOption struct {
	ID          int64
	Name, Email string
	SiteAdmin   bool
	Deactivated bool
}

// GreenhouseUserOptions lists the synced Greenhouse users, active ones
// first, then by name.
func (d *DB) GreenhouseUserOptions(ctx context.Context) ([]GreenhouseUserOption, error) {
	rows, err := d.read.QueryContext(ctx, `SELECT u.id, `+ghUserCols+`, u.site_admin FROM users u
		ORDER BY u.deactivated, coalesce(nullif(u.name, ''), trim(u.first_name || ' ' || u.last_name)) COLLATE NOCASE, u.id`)
	if err != nil {
		return nil, fmt.Errorf("db: greenhouse users: %w", err)
	}
	defer rows.Close()
	var out []GreenhouseUserOption
	for rows.Next() {
		var o GreenhouseUserOption
		if err := rows.Scan(&o.ID, &o.Name, &o.Email, &o.Deactivated, &o.SiteAdmin); err != nil {
			return nil, fmt.Errorf("db: greenhouse users: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
