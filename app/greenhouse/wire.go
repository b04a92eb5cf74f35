package greenhouse

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
)

// Helpers shared by the v1 and v3 wire structs. They are lenient on purpose:
// one odd value must not stop a sync that may run for hours, and Raw keeps
// the original for anything the mapping misread.

// timeLayouts are the forms Greenhouse timestamps take: ISO 8601 with or
// without fractional seconds or zone, dates (v3 *_on fields, v1 offers) and
// the US dates webhooks use for educations and offers.
var timeLayouts = []string{
	time.RFC3339Nano, // 2016-02-03T16:38:46.985Z, 2013-12-10T14:42:58Z, +02:00
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999", // no zone: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 MST",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
	"01/02/2006",
	"2006-01",
	"2006",
}

// parseTime reads a Greenhouse timestamp as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// ghTime is a timestamp field; null, "" and unreadable values are zero.
type ghTime struct{ time.Time }

func (t *ghTime) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		t.Time, _ = parseTime(s)
	}
	return nil
}

// first returns the first non-zero time, for fields that moved between
// shapes (v3 starts_at or all_day_start_on; webhook start_date).
func first(ts ...ghTime) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t.Time
		}
	}
	return time.Time{}
}

// text is a field that is a string in one shape and an object in another:
// job post and office locations are {"name": …} in Harvest v1 but plain
// strings in webhooks; an application location is {"address": …}.
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*t = text(s)
		return nil
	}
	var o struct {
		Name     string `json:"name"`
		Address  string `json:"address"`
		Location string `json:"location"`
	}
	if json.Unmarshal(b, &o) == nil {
		*t = text(firstString(o.Name, o.Address, o.Location))
	}
	return nil
}

func firstString(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ref is an embedded {"id": …} object (a user, a source, a stage). Webhook
// hiring teams say user_id instead of id.
type ref struct {
	ID     int64  `json:"id"`
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
}

// id is the referenced id, 0 for a null reference.
func (r *ref) id() int64 {
	if r == nil {
		return 0
	}
	if r.ID != 0 {
		return r.ID
	}
	return r.UserID
}

func (r *ref) name() string {
	if r == nil {
		return ""
	}
	return r.Name
}

// withRaw decodes an embedded object and keeps its own JSON, which becomes
// the child record's Raw.
type withRaw[T any] struct {
	v   T
	raw json.RawMessage
}

func (w *withRaw[T]) UnmarshalJSON(b []byte) error {
	w.raw = compact(b)
	return json.Unmarshal(b, &w.v)
}

// compact stores JSON without the indentation Greenhouse's pretty-printed
// examples carry: same content, smaller rows, and a stable Raw for the
// "unchanged?" comparison db.Upsert makes.
func compact(b []byte) json.RawMessage {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		return append(json.RawMessage(nil), b...)
	}
	return buf.Bytes()
}

// decodeEach decodes a JSON array and hands each element with its JSON to
// add, which maps it into b.
func decodeEach(body []byte, b *Batch, add func(json.RawMessage, *Batch) error) error {
	items, err := splitArray(body)
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := add(compact(it), b); err != nil {
			return err
		}
	}
	return nil
}

// mapper adapts a typed mapping function to decodeEach.
func mapper[W any](f func(W, json.RawMessage, *Batch)) func(json.RawMessage, *Batch) error {
	return func(raw json.RawMessage, b *Batch) error {
		var w W
		if err := json.Unmarshal(raw, &w); err != nil {
			return err
		}
		f(w, raw, b)
		return nil
	}
}
