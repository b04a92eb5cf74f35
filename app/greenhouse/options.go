package greenhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Harvest v3 educations name their school, degree and discipline by custom
// field option id (v1 gave the names). The names are read from
// /v3/custom_field_options by id, 50 at a time, and remembered for a while:
// an account has thousands of schools but a page of educations names few.

// optionTTL is how long a looked-up option name is trusted; an option
// renamed in Greenhouse shows its new name after at most this long (for
// records read again).
const optionTTL = time.Hour

// optionCache remembers option names by id. A name of "" is an id
// Greenhouse did not return (a deleted option): remembered too, so it is not
// asked for on every page.
type optionCache struct {
	mu    sync.Mutex
	names map[int64]cachedOption
}

type cachedOption struct {
	name string
	at   time.Time
}

// resolveOptions fills in the school, degree and discipline names of b's
// educations from their option ids.
func (c *Client) resolveOptions(ctx context.Context, b *Batch) error {
	if c.version != V3 || len(b.Educations) == 0 {
		return nil
	}
	var want []int64
	for _, e := range b.Educations {
		for _, id := range []int64{e.SchoolNameOptionID, e.DegreeOptionID, e.DisciplineOptionID} {
			if id != 0 && !slices.Contains(want, id) {
				want = append(want, id)
			}
		}
	}
	names, err := c.optionNames(ctx, want)
	if err != nil {
		return err
	}
	for i := range b.Educations {
		e := &b.Educations[i]
		e.SchoolName, e.Degree, e.Discipline = names[e.SchoolNameOptionID], names[e.DegreeOptionID], names[e.DisciplineOptionID]
	}
	return nil
}

// optionNames returns the names of the given custom field options, asking
// Greenhouse for those not remembered.
func (c *Client) optionNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	now := c.now()
	var missing []int64
	c.options.mu.Lock()
	if c.options.names == nil {
		c.options.names = map[int64]cachedOption{}
	}
	for _, id := range ids {
		if o, ok := c.options.names[id]; ok && now.Sub(o.at) < optionTTL {
			out[id] = o.name
		} else {
			missing = append(missing, id)
		}
	}
	c.options.mu.Unlock()
	for chunk := range slices.Chunk(missing, maxIDs) {
		got, err := c.fetchOptions(ctx, chunk)
		if err != nil {
			return nil, err
		}
		c.options.mu.Lock()
		for _, id := range chunk {
			out[id] = got[id]
			c.options.names[id] = cachedOption{name: got[id], at: now}
		}
		c.options.mu.Unlock()
	}
	return out, nil
}

// fetchOptions reads up to 50 options by id.
func (c *Client) fetchOptions(ctx context.Context, ids []int64) (map[int64]string, error) {
	q := url.Values{"ids": {joinIDs(ids)}, "per_page": {strconv.Itoa(maxIDs)}}
	resp, err := c.apiGet(ctx, CustomFieldOptions, "list custom field options", c.urlFor(string(CustomFieldOptions), q))
	if err != nil {
		return nil, err
	}
	var opts []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	}
	if err := json.Unmarshal(resp.body, &opts); err != nil {
		return nil, fmt.Errorf("greenhouse: list custom field options: reading the answer: %w", err)
	}
	out := make(map[int64]string, len(opts))
	for _, o := range opts {
		out[o.ID] = o.Name
	}
	return out, nil
}
