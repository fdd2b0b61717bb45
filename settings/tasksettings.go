// Package settings holds the lab's plain Go data: the lab configuration and the
// DMS replication task settings and table mappings that the constructs marshal
// to JSON. Nothing here imports cdktf, so it can be tested and reused alone.
package settings

import "encoding/json"

// TaskSettings is a DMS replication task settings document. Every field is a
// pointer with omitempty: DMS and the AWS provider treat a key that is absent
// as "use the service default", and the provider only suppresses plan
// differences for keys that were not sent, so we send only the keys we mean.
//
// There is deliberately no place for Logging.CloudWatchLogGroup or
// Logging.CloudWatchLogStream: AWS provider 5.46 and later reject them at
// plan time, even as null.
type TaskSettings struct {
	BeforeImageSettings                 *BeforeImageSettings               `json:"BeforeImageSettings,omitempty"`
	ChangeProcessingDdlHandlingPolicy   *ChangeProcessingDdlHandlingPolicy `json:"ChangeProcessingDdlHandlingPolicy,omitempty"`
	ChangeProcessingTuning              *ChangeProcessingTuning            `json:"ChangeProcessingTuning,omitempty"`
	CharacterSetSettings                *CharacterSetSettings              `json:"CharacterSetSettings,omitempty"`
	ControlTablesSettings               *ControlTablesSettings             `json:"ControlTablesSettings,omitempty"`
	ErrorBehavior                       *ErrorBehavior                     `json:"ErrorBehavior,omitempty"`
	FailTaskWhenCleanTaskResourceFailed *bool                              `json:"FailTaskWhenCleanTaskResourceFailed,omitempty"`
	FullLoadSettings                    *FullLoadSettings                  `json:"FullLoadSettings,omitempty"`
	Logging                             *Logging                           `json:"Logging,omitempty"`
	LoopbackPreventionSettings          *LoopbackPreventionSettings        `json:"LoopbackPreventionSettings,omitempty"`
	// PostProcessingRules is passed through unchanged: DMS returns it in a
	// task's settings but does not document its shape.
	PostProcessingRules  json.RawMessage       `json:"PostProcessingRules,omitempty"`
	StreamBufferSettings *StreamBufferSettings `json:"StreamBufferSettings,omitempty"`
	TargetMetadata       *TargetMetadata       `json:"TargetMetadata,omitempty"`
	ValidationSettings   *ValidationSettings   `json:"ValidationSettings,omitempty"`
}

// BeforeImageSettings adds before-images of changed rows to CDC output
// (Kinesis, Kafka and similar targets).
type BeforeImageSettings struct {
	EnableBeforeImage *bool   `json:"EnableBeforeImage,omitempty"`
	FieldName         *string `json:"FieldName,omitempty"`
	ColumnFilter      *string `json:"ColumnFilter,omitempty"`
}

// ChangeProcessingDdlHandlingPolicy says which source DDL CDC replays.
type ChangeProcessingDdlHandlingPolicy struct {
	HandleSourceTableAltered   *bool `json:"HandleSourceTableAltered,omitempty"`
	HandleSourceTableDropped   *bool `json:"HandleSourceTableDropped,omitempty"`
	HandleSourceTableTruncated *bool `json:"HandleSourceTableTruncated,omitempty"`
}

// ChangeProcessingTuning tunes how CDC batches and applies changes.
type ChangeProcessingTuning struct {
	BatchApplyMemoryLimit         *int  `json:"BatchApplyMemoryLimit,omitempty"`
	BatchApplyPreserveTransaction *bool `json:"BatchApplyPreserveTransaction,omitempty"`
	BatchApplyTimeoutMax          *int  `json:"BatchApplyTimeoutMax,omitempty"`
	BatchApplyTimeoutMin          *int  `json:"BatchApplyTimeoutMin,omitempty"`
	BatchSplitSize                *int  `json:"BatchSplitSize,omitempty"`
	CommitTimeout                 *int  `json:"CommitTimeout,omitempty"`
	MemoryKeepTime                *int  `json:"MemoryKeepTime,omitempty"`
	MemoryLimitTotal              *int  `json:"MemoryLimitTotal,omitempty"`
	MinTransactionSize            *int  `json:"MinTransactionSize,omitempty"`
	StatementCacheSize            *int  `json:"StatementCacheSize,omitempty"`
}

// CharacterSetSettings replaces characters while data is migrated.
type CharacterSetSettings struct {
	CharacterReplacements []CharacterReplacement `json:"CharacterReplacements,omitempty"`
	CharacterSetSupport   *CharacterSetSupport   `json:"CharacterSetSupport,omitempty"`
}

// CharacterReplacement maps one source code point to a target code point.
type CharacterReplacement struct {
	SourceCharacterCodePoint *int `json:"SourceCharacterCodePoint,omitempty"`
	TargetCharacterCodePoint *int `json:"TargetCharacterCodePoint,omitempty"`
}

// CharacterSetSupport replaces characters invalid in a character set.
type CharacterSetSupport struct {
	CharacterSet                  *string `json:"CharacterSet,omitempty"`
	ReplaceWithCharacterCodePoint *int    `json:"ReplaceWithCharacterCodePoint,omitempty"`
}

// ControlTablesSettings controls the DMS status and history tables on the target.
type ControlTablesSettings struct {
	ControlSchema                 *string `json:"ControlSchema,omitempty"`
	FullLoadExceptionTableEnabled *bool   `json:"FullLoadExceptionTableEnabled,omitempty"`
	HistoryTableEnabled           *bool   `json:"HistoryTableEnabled,omitempty"`
	HistoryTimeslotInMinutes      *int    `json:"HistoryTimeslotInMinutes,omitempty"`
	StatusTableEnabled            *bool   `json:"StatusTableEnabled,omitempty"`
	SuspendedTablesTableEnabled   *bool   `json:"SuspendedTablesTableEnabled,omitempty"`
}

// ErrorBehavior is the task's error-handling policy.
type ErrorBehavior struct {
	ApplyErrorDeletePolicy                      *string `json:"ApplyErrorDeletePolicy,omitempty"`
	ApplyErrorEscalationCount                   *int    `json:"ApplyErrorEscalationCount,omitempty"`
	ApplyErrorEscalationPolicy                  *string `json:"ApplyErrorEscalationPolicy,omitempty"`
	ApplyErrorFailOnTruncationDdl               *bool   `json:"ApplyErrorFailOnTruncationDdl,omitempty"`
	ApplyErrorInsertPolicy                      *string `json:"ApplyErrorInsertPolicy,omitempty"`
	ApplyErrorUpdatePolicy                      *string `json:"ApplyErrorUpdatePolicy,omitempty"`
	DataErrorEscalationCount                    *int    `json:"DataErrorEscalationCount,omitempty"`
	DataErrorEscalationPolicy                   *string `json:"DataErrorEscalationPolicy,omitempty"`
	DataErrorPolicy                             *string `json:"DataErrorPolicy,omitempty"`
	DataTruncationErrorPolicy                   *string `json:"DataTruncationErrorPolicy,omitempty"`
	EventErrorPolicy                            *string `json:"EventErrorPolicy,omitempty"`
	FailOnNoTablesCaptured                      *bool   `json:"FailOnNoTablesCaptured,omitempty"`
	FailOnTransactionConsistencyBreached        *bool   `json:"FailOnTransactionConsistencyBreached,omitempty"`
	FullLoadIgnoreConflicts                     *bool   `json:"FullLoadIgnoreConflicts,omitempty"`
	RecoverableErrorCount                       *int    `json:"RecoverableErrorCount,omitempty"`
	RecoverableErrorInterval                    *int    `json:"RecoverableErrorInterval,omitempty"`
	RecoverableErrorStopRetryAfterThrottlingMax *bool   `json:"RecoverableErrorStopRetryAfterThrottlingMax,omitempty"`
	RecoverableErrorThrottling                  *bool   `json:"RecoverableErrorThrottling,omitempty"`
	RecoverableErrorThrottlingMax               *int    `json:"RecoverableErrorThrottlingMax,omitempty"`
	TableErrorEscalationCount                   *int    `json:"TableErrorEscalationCount,omitempty"`
	TableErrorEscalationPolicy                  *string `json:"TableErrorEscalationPolicy,omitempty"`
	TableErrorPolicy                            *string `json:"TableErrorPolicy,omitempty"`
}

// FullLoadSettings controls the full-load phase.
type FullLoadSettings struct {
	CommitRate                      *int    `json:"CommitRate,omitempty"`
	CreatePkAfterFullLoad           *bool   `json:"CreatePkAfterFullLoad,omitempty"`
	MaxFullLoadSubTasks             *int    `json:"MaxFullLoadSubTasks,omitempty"`
	StopTaskCachedChangesApplied    *bool   `json:"StopTaskCachedChangesApplied,omitempty"`
	StopTaskCachedChangesNotApplied *bool   `json:"StopTaskCachedChangesNotApplied,omitempty"`
	TargetTablePrepMode             *string `json:"TargetTablePrepMode,omitempty"`
	TransactionConsistencyTimeout   *int    `json:"TransactionConsistencyTimeout,omitempty"`
}

// Logging turns on CloudWatch task logs and sets each component's severity.
// DMS names the log group and stream itself; see TaskSettings for why they
// cannot be set here.
type Logging struct {
	EnableLogging *bool          `json:"EnableLogging,omitempty"`
	LogComponents []LogComponent `json:"LogComponents,omitempty"`
}

// LogComponent sets the severity of one DMS log component.
type LogComponent struct {
	ID       string `json:"Id"`
	Severity string `json:"Severity"`
}

// LoopbackPreventionSettings keeps bidirectional replication from looping.
type LoopbackPreventionSettings struct {
	EnableLoopbackPrevention *bool   `json:"EnableLoopbackPrevention,omitempty"`
	SourceSchema             *string `json:"SourceSchema,omitempty"`
	TargetSchema             *string `json:"TargetSchema,omitempty"`
}

// StreamBufferSettings sizes the in-memory streams between task components.
type StreamBufferSettings struct {
	CtrlStreamBufferSizeInMB *int `json:"CtrlStreamBufferSizeInMB,omitempty"`
	StreamBufferCount        *int `json:"StreamBufferCount,omitempty"`
	StreamBufferSizeInMB     *int `json:"StreamBufferSizeInMB,omitempty"`
}

// TargetMetadata describes how the target is written: LOB handling,
// batch apply and parallel load and apply.
type TargetMetadata struct {
	BatchApplyEnabled            *bool   `json:"BatchApplyEnabled,omitempty"`
	FullLobMode                  *bool   `json:"FullLobMode,omitempty"`
	InlineLobMaxSize             *int    `json:"InlineLobMaxSize,omitempty"`
	LimitedSizeLobMode           *bool   `json:"LimitedSizeLobMode,omitempty"`
	LoadMaxFileSize              *int    `json:"LoadMaxFileSize,omitempty"`
	LobChunkSize                 *int    `json:"LobChunkSize,omitempty"`
	LobMaxSize                   *int    `json:"LobMaxSize,omitempty"`
	ParallelApplyBufferSize      *int    `json:"ParallelApplyBufferSize,omitempty"`
	ParallelApplyQueuesPerThread *int    `json:"ParallelApplyQueuesPerThread,omitempty"`
	ParallelApplyThreads         *int    `json:"ParallelApplyThreads,omitempty"`
	ParallelLoadBufferSize       *int    `json:"ParallelLoadBufferSize,omitempty"`
	ParallelLoadQueuesPerThread  *int    `json:"ParallelLoadQueuesPerThread,omitempty"`
	ParallelLoadThreads          *int    `json:"ParallelLoadThreads,omitempty"`
	SupportLobs                  *bool   `json:"SupportLobs,omitempty"`
	TargetSchema                 *string `json:"TargetSchema,omitempty"`
	TaskRecoveryTableEnabled     *bool   `json:"TaskRecoveryTableEnabled,omitempty"`
}

// ValidationSettings controls DMS's own row validation.
type ValidationSettings struct {
	EnableValidation                 *bool   `json:"EnableValidation,omitempty"`
	FailureMaxCount                  *int    `json:"FailureMaxCount,omitempty"`
	HandleCollationDiff              *bool   `json:"HandleCollationDiff,omitempty"`
	MaxKeyColumnSize                 *int    `json:"MaxKeyColumnSize,omitempty"`
	PartitionSize                    *int    `json:"PartitionSize,omitempty"`
	RecordFailureDelayInMinutes      *int    `json:"RecordFailureDelayInMinutes,omitempty"`
	RecordFailureDelayLimitInMinutes *int    `json:"RecordFailureDelayLimitInMinutes,omitempty"`
	RecordSuspendDelayInMinutes      *int    `json:"RecordSuspendDelayInMinutes,omitempty"`
	SkipLobColumns                   *bool   `json:"SkipLobColumns,omitempty"`
	TableFailureMaxCount             *int    `json:"TableFailureMaxCount,omitempty"`
	ThreadCount                      *int    `json:"ThreadCount,omitempty"`
	ValidationMode                   *string `json:"ValidationMode,omitempty"`
	ValidationOnly                   *bool   `json:"ValidationOnly,omitempty"`
	ValidationPartialLobSize         *int    `json:"ValidationPartialLobSize,omitempty"`
	ValidationQueryCdcDelaySeconds   *int    `json:"ValidationQueryCdcDelaySeconds,omitempty"`
}

// Bool, Int and String return pointers to their argument, for filling
// TaskSettings fields in Go code.
func Bool(v bool) *bool       { return &v }
func Int(v int) *int          { return &v }
func String(v string) *string { return &v }
