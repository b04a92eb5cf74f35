package extract

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decoded is text converted to UTF-8 and the encoding it was read as.
type decoded struct {
	text     string
	encoding string // "utf-8", "utf-16le", "utf-16be" or "windows-1252"
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) ||
		bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff"))
}

// decodeText converts text in UTF-8, UTF-16 (with or without a BOM) or, as a
// last resort, Windows-1252 (a superset of Latin-1) to UTF-8.
func decodeText(b []byte) decoded {
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		return decoded{strings.ToValidUTF8(string(b[3:]), "\uFFFD"), "utf-8"}
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		return decoded{decodeUTF16(b[2:], false), "utf-16le"}
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		return decoded{decodeUTF16(b[2:], true), "utf-16be"}
	}
	switch guessUTF16(b) {
	case "utf-16le":
		return decoded{decodeUTF16(b, false), "utf-16le"}
	case "utf-16be":
		return decoded{decodeUTF16(b, true), "utf-16be"}
	}
	// A cut in the middle of a multi-byte sequence (detect decodes only a
	// prefix) does not make UTF-8 text Latin-1.
	if utf8.Valid(b) || utf8.Valid(trimPartialRune(b)) {
		return decoded{strings.ToValidUTF8(string(b), "\uFFFD"), "utf-8"}
	}
	return decoded{decodeWindows1252(b), "windows-1252"}
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of b.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= 3 && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b
		}
		if c >= 0xc0 { // a leading byte: drop it and what follows
			return b[:len(b)-i]
		}
	}
	return b
}

// guessUTF16 recognizes BOM-less UTF-16 by the zero bytes that mostly-ASCII
// text has in every other position.
func guessUTF16(b []byte) string {
	n := min(len(b), 4096) &^ 1
	if n < 8 {
		return ""
	}
	var evenZero, oddZero int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			evenZero++
		}
		if b[i+1] == 0 {
			oddZero++
		}
	}
	pairs := n / 2
	switch {
	case oddZero*10 >= pairs*7 && evenZero*10 <= pairs:
		return "utf-16le"
	case evenZero*10 >= pairs*7 && oddZero*10 <= pairs:
		return "utf-16be"
	}
	return ""
}

func decodeUTF16(b []byte, bigEndian bool) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
	}
	return string(utf16.Decode(u))
}

// cp1252 maps the bytes 0x80-0x9F, where Windows-1252 differs from Latin-1.
// Unassigned bytes stay C1 controls, which normalize drops.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8d, 'Ž', 0x8f,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9d, 'ž', 'Ÿ',
}

func decodeWindows1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xa0:
			sb.WriteRune(cp1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
