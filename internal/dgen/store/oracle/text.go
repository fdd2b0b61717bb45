package oracle

import "github.com/dmslab/dmslab/internal/dgen/store"

var _ store.ByteLengthText = Dialect{}

// TextLengthInBytes: VARCHAR2(n) holds n bytes under Oracle's default
// NLS_LENGTH_SEMANTICS (BYTE), so 20 characters of multi-byte text may not
// fit VARCHAR2(25); update cuts them further (store.CdcText).
func (Dialect) TextLengthInBytes() bool { return true }
