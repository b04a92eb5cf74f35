package extract

import (
	"testing"
)

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name     string
		in       []byte
		want     string
		encoding string
	}{
		{"ASCII", []byte("plain"), "plain", "utf-8"},
		{"UTF8", []byte("Zürich"), "Zürich", "utf-8"},
		{"UTF8BOM", []byte("\xef\xbb\xbfZürich"), "Zürich", "utf-8"},
		{"UTF16LEBOM", utf16Bytes("Zürich 𝔾", false, true), "Zürich 𝔾", "utf-16le"},
		{"UTF16BEBOM", utf16Bytes("Zürich", true, true), "Zürich", "utf-16be"},
		{"UTF16LENoBOM", utf16Bytes("Resume of Jane", false, false), "Resume of Jane", "utf-16le"},
		{"UTF16BENoBOM", utf16Bytes("Resume of Jane", true, false), "Resume of Jane", "utf-16be"},
		{"UTF16OddLength", append(utf16Bytes("ab", false, true), 'c'), "ab", "utf-16le"},
		{"Windows1252", []byte("na\xefve \x80 \x85 \x99"), "naïve € … ™", "windows-1252"},
		{"Latin1", []byte("Sch\xf6n"), "Schön", "windows-1252"},
		{"UTF8CutMidRune", []byte("Zürich"[:2]), "Z\ufffd", "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeText(tt.in)
			if got.text != tt.want || got.encoding != tt.encoding {
				t.Errorf("decodeText(%q) = %q (%s), want %q (%s)", tt.in, got.text, got.encoding, tt.want, tt.encoding)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name, filename, contentType string
		data                        []byte
		want                        formatKind
	}{
		{"PDFMagic", "x.txt", "", []byte("%PDF-1.7\n..."), formatPDF},
		{"PDFMagicAfterJunk", "x", "", append(make([]byte, 100), "%PDF-1.4"...), formatPDF},
		{"RTF", "x.doc", "", []byte(`{\rtf1\ansi hello}`), formatRTF},
		{"HTMLDoctype", "x.txt", "", []byte("\n  <!doctype html><p>x"), formatHTML},
		{"HTMLFragment", "x", "", []byte("<div class=a>x</div>"), formatHTML},
		{"XHTML", "x", "", []byte(`<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">`), formatHTML},
		{"TextWithAngle", "x.txt", "", []byte("<3 years of Go> and C++"), formatText},
		{"TextWithTagLater", "x.txt", "", []byte("Skills: <b>Go</b>"), formatText},
		{"HTMLByExt", "x.HTM", "", []byte("Skills: <b>Go</b>"), formatHTML},
		{"HTMLByType", "x", "text/html", []byte("Skills: <b>Go</b>"), formatHTML},
		{"Text", "x", "", []byte("Jane Doe\nGo"), formatText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detect(tt.filename, tt.contentType, tt.data); got.kind != tt.want {
				t.Errorf("detect = %+v, want kind %d", got, tt.want)
			}
		})
	}
}

func TestExtractRTF(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Plain", `{\rtf1 Hello world}`, "Hello world"},
		{"Escapes", `{\rtf1 a\{b\}c\\d\~e\_f}`, "a{b}c\\d e-f"},
		{"HexBytes", `{\rtf1 caf\'e9 \'93q\'94}`, "café “q”"},
		{"Unicode", `{\rtf1\uc1 \u26085?\u26412?\u-3913?\u-3913? x}`, "日本 x"}, // \u-3913 is a private-use Symbol bullet
		{"UnicodeSkipHex", `{\rtf1\uc1\u252\'fcber}`, "über"},
		{"UnicodeUC2", `{\rtf1\uc2\u252\'75\'65ber}`, "über"},
		{"UnicodeUC0", `{\rtf1\uc0\u252 ber}`, "über"},
		{"Skipped", `{\rtf1{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\info{\title T}}{\*\unknown x}{\pict\pngblip 89504e47}Text}`, "Text"},
		{"Binary", `{\rtf1 a\bin3 xyzb}`, "ab"},
		{"ParsAndTabs", "{\\rtf1 one\\par two\\line three\\tab four\r\n five\\cell six\\row}", "one\ntwo\nthree four five six"},
		{"SourceLineBreaksIgnored", "{\\rtf1 Jo\r\nhn}", "John"},
		{"Symbols", `{\rtf1 \bullet  a \endash  b \ldblquote c\rdblquote}`, "• a – b “c”"},
		{"Unbalanced", `{\rtf1 {{a}`, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := extractRTF([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if res.Text != tt.want {
				t.Errorf("extractRTF(%q) = %q, want %q", tt.in, res.Text, tt.want)
			}
		})
	}
	if _, err := extractRTF([]byte(`{\rtf1 ` + repeat("{", 2000))); err == nil {
		t.Error("deeply nested groups: no error")
	}
}

func repeat(s string, n int) string {
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

func FuzzExtractRTF(f *testing.F) {
	f.Add([]byte(`{\rtf1\ansi{\fonttbl{\f0 Arial;}}\uc2\u252\'75\'65 x\bin5 abc\par{\*\x y}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := extractRTF(append([]byte(`{\rtf`), b...))
		if err == nil {
			checkNormalized(t, "fuzz", res.Text)
		}
	})
}

func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("\xff\xfea\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkNormalized(t, "fuzz", normalize(decodeText(b).text))
		detect("x", "", append([]byte("x"), b...))
	})
}
