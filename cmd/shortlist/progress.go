package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/shortlist-hq/shortlist/app/ingest"
)

// progressBar draws sync progress on a terminal, redrawing one line; on
// anything else (a log file, CI) it prints a line every few seconds.
type progressBar struct {
	w     io.Writer
	tty   bool
	mu    sync.Mutex
	last  time.Time
	width int
	shown bool
}

func newProgressBar(w io.Writer) *progressBar {
	p := &progressBar{w: w}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
	}
	return p
}

// Update is a ingest.Options.Progress callback.
func (p *progressBar) Update(s ingest.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	every := 3 * time.Second
	if p.tty {
		every = 100 * time.Millisecond
	}
	if time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	p.draw(s)
}

func (p *progressBar) draw(s ingest.Progress) {
	const cells = 24
	filled := 0
	if s.Total > 0 {
		filled = cells * s.Done / s.Total
	}
	bar := strings.Repeat("█", filled) + strings.Repeat("░", cells-filled)
	line := fmt.Sprintf("sync %s %2d/%d %-22s %7d records  %5d resumes", bar, s.Done, s.Total, s.Resource, s.Records, s.Files)
	if s.FilesFailed > 0 {
		line += fmt.Sprintf(" (%d unreadable)", s.FilesFailed)
	}
	if !p.tty {
		fmt.Fprintln(p.w, line)
		return
	}
	pad := ""
	if n := p.width - len([]rune(line)); n > 0 {
		pad = strings.Repeat(" ", n)
	}
	p.width = len([]rune(line))
	fmt.Fprint(p.w, "\r"+line+pad)
	p.shown = true
}

// Done ends the progress line.
func (p *progressBar) Done(s ingest.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.draw(s)
	if p.tty && p.shown {
		fmt.Fprintln(p.w)
	}
}
