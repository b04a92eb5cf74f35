package app

import (
	"context"

	"github.com/shortlist-hq/shortlist/db"
	"github.com/shortlist-hq/shortlist/search"
)

// Greenhouse keeps confidential jobs to their hiring team and private
// candidates to the people with access to a job they applied to; Shortlist
// reads with a site-admin credential, so every page and API call that reads
// jobs or candidates goes through the request's viewer (db.Viewer has the
// rules). What a viewer may not see answers 404, exactly like what does not
// exist, and is left out of lists, counts, rankings and the autocomplete.

// requestAccount is the account behind the request: the session's on pages,
// the API token's on the API.
func requestAccount(ctx context.Context) *db.Account {
	if a := currentAccount(ctx); a != nil {
		return a
	}
	a, _ := ctx.Value(apiAccountKey{}).(*db.Account)
	return a
}

// viewer is what the request's account may see.
func (s *server) viewer(ctx context.Context) (db.Viewer, error) {
	a := requestAccount(ctx)
	if a == nil {
		return db.Viewer{}, errUnauthorized
	}
	return s.DB.ViewerFor(ctx, *a)
}

// withVisibility makes a ranking leave out the private candidates v may
// not see.
func withVisibility(v db.Viewer, opts search.RankOptions) search.RankOptions {
	if !v.All {
		opts.HidePrivate, opts.PrivateJobIDs = true, v.TeamJobIDs
	}
	return opts
}
