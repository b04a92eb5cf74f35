package greenhouse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Download fetches an attachment from its signed URL (S3 style, valid for
// 7 days at Greenhouse), at most maxBytes bytes. The URL is its own
// credential: no Authorization header is sent, so the API token never
// reaches the file host. 5xx answers and connection errors are retried like
// API calls. An expired link (HTTP 403, or 400 mentioning expiry) gives
// ErrExpired; a file over maxBytes gives ErrTooLarge.
func (c *Client) Download(ctx context.Context, rawURL string, maxBytes int64) ([]byte, string, error) {
	const op = "download an attachment"
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, "", &Error{Op: op, Message: "the attachment link is not an http(s) URL"}
	}
	if maxBytes <= 0 {
		return nil, "", fmt.Errorf("greenhouse: %s: size limit %d must be positive", op, maxBytes)
	}
	resp, err := c.send(ctx, toDownload, maxBytes, func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	})
	if err != nil {
		if e := (*Error)(nil); errors.As(err, &e) && e.Kind == ErrTooLarge {
			e.Op, e.Message = op, fmt.Sprintf("the attachment is larger than the %d bytes allowed", maxBytes)
		}
		// The URL stays out of the message: its signature is a credential.
		return nil, "", c.opErr(op, err)
	}
	switch {
	case resp.status == http.StatusOK:
		return resp.body, resp.header.Get("Content-Type"), nil
	case resp.status == http.StatusForbidden,
		resp.status == http.StatusBadRequest && bytes.Contains(bytes.ToLower(resp.body), []byte("expired")):
		return nil, "", &Error{Kind: ErrExpired, Op: op, Status: resp.status,
			Message: fmt.Sprintf("the attachment link has expired (HTTP %d); the next sync brings a fresh one", resp.status)}
	case resp.status == http.StatusNotFound:
		return nil, "", &Error{Kind: ErrNotFound, Op: op, Status: resp.status,
			Message: "the attachment is gone from the file host (HTTP 404)"}
	}
	return nil, "", &Error{Op: op, Status: resp.status, Message: fmt.Sprintf("the file host answered HTTP %d", resp.status)}
}
