package extract

import "testing"

func TestHTMLToText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"Empty", "", ""},
		{"PlainText", "just text", "just text"},
		{"Entities", "<p>R&amp;D &lt;Go&gt; &quot;fast&quot; caf&eacute; &#8364;5 &#x2014; AT&T&nbsp;Inc</p>", `R&D <Go> "fast" café €5 — AT&T Inc`},
		{"WhiteSpace", "<p>  one\n   two\t three  </p>", "one two three"},
		{"InlineElements", "<p>Go<b>lang</b> and <i>SQL</i>, <a href='x'>link</a></p>", "Golang and SQL, link"},
		{"SpaceAcrossTags", "<p><b>Senior</b> <i>Engineer</i></p><p>a<span> b</span></p>", "Senior Engineer\n\na b"},
		{"Paragraphs", "<p>one</p><p>two</p><div>three</div><div>four</div>", "one\n\ntwo\n\nthree\nfour"},
		{"Headings", "<h2>About</h2>We build<h3>Requirements</h3>", "About\n\nWe build\n\nRequirements"},
		{"Br", "line one<br>line two<br/>line three", "line one\nline two\nline three"},
		{"UnorderedList", "<p>You have:</p><ul><li>Go</li><li>SQL &amp; Postgres</li></ul><p>Nice</p>", "You have:\n\n- Go\n- SQL & Postgres\n\nNice"},
		{"OrderedList", "<ol><li>first</li><li>second</li></ol><ol start=\"7\"><li>seventh</li></ol>", "1. first\n2. second\n7. seventh"},
		{"NestedList", "<ul><li>Backend<ul><li>Go</li><li>Rust</li></ul></li><li>Frontend</li></ul>", "- Backend\n- Go\n- Rust\n- Frontend"},
		{"ListWithParagraphs", "<ul><li><p>Design APIs</p></li><li><p>Ship</p></li></ul>", "- Design APIs\n\n- Ship"},
		{"UnclosedLi", "<ul><li>one<li>two</ul>", "- one\n- two"},
		{"EmptyLi", "<ul><li></li><li> </li><li>two</li></ul>", "- two"},
		{"Dropped", "<style>p{color:red}</style><script>var a = '<p>x</p>';</script><noscript>enable JS</noscript><p>kept</p><template><p>t</p></template><svg><text>logo</text></svg>", "kept"},
		{"Head", "<html><head><title>Job</title><meta charset=utf-8></head><body><p>Body</p></body></html>", "Body"},
		{"HeadWithoutEndTag", "<html><head><title>Job</title><body><p>Body</p>", "Body"},
		{"Comment", "a<!-- hidden -->b", "ab"},
		{"Table", "<table><tr><th>Skill</th><th>Years</th></tr><tr><td>Go</td><td>5</td></tr></table>", "Skill Years\nGo 5"},
		{"Pre", "<pre>  indented\n    code</pre><p>after</p>", "indented\ncode\n\nafter"},
		{"ImgAlt", "<p>Made by <img src=x alt=\"Acme\"> team</p>", "Made by Acme team"},
		{"Unicode", "<p>Zürich — 東京 \u200b</p>", "Zürich — 東京"},
		{"BrokenHTML", "<p>unclosed <b>bold <div>block</p></i>", "unclosed bold\nblock"},
		{"EscapedTwice", "&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Go&lt;/li&gt;&lt;/ul&gt;", "Hello & welcome\n\n- Go"},
		{"LiteralLtInText", "Use a &lt; b <b>always</b>", "Use a < b always"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTMLToText(tt.in); got != tt.want {
				t.Errorf("HTMLToText(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkHTMLToText(b *testing.B) {
	var html string
	for range 50 {
		html += "<h3>Responsibilities</h3><ul><li>Design &amp; build <b>services</b> in Go</li><li>Own SQL schemas</li></ul><p>We&rsquo;re hiring.</p>"
	}
	b.SetBytes(int64(len(html)))
	for b.Loop() {
		HTMLToText(html)
	}
}
