package store

import "unicode/utf8"

// The "cdc" column: VARCHAR2(25) on Oracle, VARCHAR(25) on PostgreSQL;
// update writes at most CdcChars characters of the text it is given, as
// the earlier dgen did.
const (
	CdcWidth = 25
	CdcChars = 20
)

// ByteLengthText is a dialect whose TextType(n) holds n bytes rather than
// n characters: Oracle's VARCHAR2, whose length semantics are bytes unless
// the database says otherwise (NLS_LENGTH_SEMANTICS=BYTE is the default).
type ByteLengthText interface {
	TextLengthInBytes() bool
}

// CdcText cuts text to what update writes into "cdc": its first CdcChars
// characters (never part of a character), then, on a dialect whose text
// length counts bytes, as many of those as fit CdcWidth bytes of UTF-8
// (the character set of RDS for Oracle and of PostgreSQL here). The
// result is a value the column takes on either engine.
func CdcText(d Dialect, text string) string {
	chars := 0
	for i := range text {
		if chars == CdcChars {
			text = text[:i]
			break
		}
		chars++
	}
	if b, ok := d.(ByteLengthText); ok && b.TextLengthInBytes() {
		for len(text) > CdcWidth {
			_, size := utf8.DecodeLastRuneInString(text)
			text = text[:len(text)-size]
		}
	}
	return text
}
