package learn

import (
	"math"
	"testing"
	"time"
)

func date(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func TestParseEmployments(t *testing.T) {
	tests := []struct {
		name   string
		resume string
		want   []Employment
	}{
		{"DateLineThenTitle", "Experience\n09/2016 to Current\nChef Assistant Company Name ï¼\u200b City , State\nCooked.",
			[]Employment{{Title: "Chef Assistant", Start: date(2016, 9)}}},
		{"TitleBeforeDates", "Substitute Teacher , 06/2017 - 02/2021 Company Name - City , State",
			[]Employment{{Title: "Substitute Teacher", Start: date(2017, 6), End: date(2021, 2)}}},
		{"MonthNamesAndPresent", "Data Analyst at Acme, May 2015 – Present",
			[]Employment{{Title: "Data Analyst", Start: date(2015, 5)}}},
		{"YearsOnly", "Welder 2009 - 2012\nShop foreman 2012 - 2019",
			[]Employment{{Title: "Welder", Start: date(2009, 1), End: date(2012, 12)}, {Title: "Shop foreman", Start: date(2012, 1), End: date(2019, 12)}}},
		{"EducationSkipped", "Education\nBachelor of Science 2006 - 2010 State University\nExperience\nNurse 2011 - 2015",
			[]Employment{{Title: "Nurse", Start: date(2011, 1), End: date(2015, 12)}}},
		{"BackwardsRangeDropped", "Clerk 2015 - 2012", nil},
		{"NoDates", "Summary\nSkilled welder.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseEmployments(tt.resume)
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got {
				if got[i].Title != tt.want[i].Title || !got[i].Start.Equal(tt.want[i].Start) || !got[i].End.Equal(tt.want[i].End) {
					t.Errorf("employment %d = %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestExperienceYears(t *testing.T) {
	now := date(2020, 1)
	all := func(Employment) bool { return true }
	tests := []struct {
		name string
		emps []Employment
		want float64
	}{
		{"One", []Employment{{Start: date(2015, 1), End: date(2017, 1)}}, 2},
		{"OverlapCountedOnce", []Employment{{Start: date(2015, 1), End: date(2017, 1)}, {Start: date(2016, 1), End: date(2018, 1)}}, 3},
		{"CurrentRunsToNow", []Employment{{Start: date(2018, 1)}}, 2},
		{"Gap", []Employment{{Start: date(2010, 1), End: date(2011, 1)}, {Start: date(2015, 1), End: date(2016, 1)}}, 2},
		{"Undated", []Employment{{Title: "Cook"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experience(tt.emps, now, all); math.Abs(got-tt.want) > 0.01 {
				t.Errorf("experience = %.3f years, want %v", got, tt.want)
			}
		})
	}
}

func TestYearsAsked(t *testing.T) {
	tests := []struct {
		text string
		want float64
	}{
		{"5+ years building services in Go", 5},
		{"3-5 years of accounting experience; 2 yrs of SAP", 2},
		{"At least 10 years in sales", 10},
		{"Founded in 1998, we have 2000 employees", 0},
		{"sales; store operations; territory manager", 0},
		{"60 years of history", 0},
	}
	for _, tt := range tests {
		if got := YearsAsked(tt.text); got != tt.want {
			t.Errorf("YearsAsked(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestSeniority(t *testing.T) {
	tests := []struct {
		title string
		want  int
	}{
		{"Accountant", LevelMid},
		{"Senior Accountant", LevelSenior},
		{"Sr. Software Engineer", LevelSenior},
		{"Junior Web Developer", LevelJunior},
		{"Marketing Intern", LevelEntry},
		{"Store Manager", LevelManager},
		{"Director of Nursing", LevelDirector},
		{"VP, Sales", LevelExecutive},
		{"Senior Manager", LevelManager},
		{"", LevelMid},
	}
	for _, tt := range tests {
		if got := Seniority(tt.title); got != tt.want {
			t.Errorf("Seniority(%q) = %d, want %d", tt.title, got, tt.want)
		}
	}
}
