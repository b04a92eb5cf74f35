package simulator

import (
	"strconv"
	"time"
)

// tsLayout is Greenhouse's timestamp format: ISO 8601 UTC with
// milliseconds, e.g. 2024-12-15T03:55:00.000Z.
const tsLayout = "2006-01-02T15:04:05.000Z"

// jtime is a timestamp that renders as null when zero.
type jtime time.Time

func (t jtime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format(tsLayout) + `"`), nil
}

// jdate is a date-only value ("2006-01-02") that renders as null when zero.
type jdate time.Time

func (t jdate) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format(time.DateOnly) + `"`), nil
}

// jslash is a date in the webhooks' "MM/DD/YYYY" style, null when zero.
type jslash time.Time

func (t jslash) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.UTC().Format("01/02/2006") + `"`), nil
}

// jstr is a string that renders as null when empty.
type jstr string

func (s jstr) MarshalJSON() ([]byte, error) {
	if s == "" {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(string(s))), nil
}

// jid is an id that renders as null when zero.
type jid int64

func (i jid) MarshalJSON() ([]byte, error) {
	if i == 0 {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatInt(int64(i), 10)), nil
}

// jint is a number that renders as null when zero.
type jint int

func (i jint) MarshalJSON() ([]byte, error) {
	if i == 0 {
		return []byte("null"), nil
	}
	return []byte(strconv.Itoa(int(i))), nil
}

// nz returns an empty slice for nil, so JSON shows [] rather than null.
func nz[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// customField is the {name, type, value} shape of keyed custom fields.
type customField struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// valueType is a {value, type} pair; type renders null when empty.
type valueType struct {
	Value string `json:"value"`
	Type  jstr   `json:"type"`
}

func valueTypes(vs []TypedValue) []valueType {
	out := make([]valueType, len(vs))
	for i, v := range vs {
		out[i] = valueType{v.Value, jstr(v.Type)}
	}
	return out
}

// valuesOnly renders social media addresses the v1 way: {value} only.
func valuesOnly(vs []TypedValue) []map[string]string {
	out := make([]map[string]string, len(vs))
	for i, v := range vs {
		out[i] = map[string]string{"value": v.Value}
	}
	return out
}
