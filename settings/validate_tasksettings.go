package settings

import "strings"

// Enumerations and ranges below are the ones the AWS DMS User Guide documents
// for each key ("Specifying task settings", its error-handling, full-load,
// logging, target-metadata and data-validation pages).
var (
	recordPolicies     = []string{"IGNORE_RECORD", "LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK"}
	escalationPolicies = []string{"SUSPEND_TABLE", "STOP_TASK"}
	logSeverities      = []string{
		"LOGGER_SEVERITY_DEFAULT", "LOGGER_SEVERITY_ERROR", "LOGGER_SEVERITY_WARNING",
		"LOGGER_SEVERITY_INFO", "LOGGER_SEVERITY_DEBUG", "LOGGER_SEVERITY_DETAILED_DEBUG",
	}
	logComponentIDs = []string{
		"ADDONS", "COMMON", "COMMUNICATION", "DATA_STRUCTURE", "FILE_FACTORY",
		"FILE_TRANSFER", "IO", "METADATA_MANAGER", "PERFORMANCE", "REST_SERVER",
		"SORTER", "SOURCE_CAPTURE", "SOURCE_UNLOAD", "TABLES_MANAGER", "TARGET_APPLY",
		"TARGET_LOAD", "TASK_MANAGER", "TRANSFORMATION", "VALIDATOR_EXT",
	}
)

// Validate returns every problem in the settings, or nil.
func (s *TaskSettings) Validate() error {
	var ps Problems
	if s == nil {
		return ps.Err()
	}
	// PostProcessingRules: DMS returns the key in a task's settings but
	// documents no shape for it (DMS User Guide, "Specifying task
	// settings"), so nothing can be checked: refused unless null.
	if raw := strings.TrimSpace(string(s.PostProcessingRules)); raw != "" && raw != "null" {
		ps.add("PostProcessingRules", "a value", "nothing or null: DMS documents no form for PostProcessingRules, so the lab sends none")
	}
	if c := s.ChangeProcessingTuning; c != nil {
		ps.atLeast("ChangeProcessingTuning.BatchApplyMemoryLimit", c.BatchApplyMemoryLimit, 1)
		ps.atLeast("ChangeProcessingTuning.BatchApplyTimeoutMin", c.BatchApplyTimeoutMin, 0)
		ps.atLeast("ChangeProcessingTuning.BatchApplyTimeoutMax", c.BatchApplyTimeoutMax, 1)
		if c.BatchApplyTimeoutMin != nil && c.BatchApplyTimeoutMax != nil && *c.BatchApplyTimeoutMin > *c.BatchApplyTimeoutMax {
			ps.add("ChangeProcessingTuning.BatchApplyTimeoutMin", *c.BatchApplyTimeoutMin,
				"no more than ChangeProcessingTuning.BatchApplyTimeoutMax")
		}
		ps.atLeast("ChangeProcessingTuning.BatchSplitSize", c.BatchSplitSize, 0)
		ps.atLeast("ChangeProcessingTuning.CommitTimeout", c.CommitTimeout, 1)
		ps.atLeast("ChangeProcessingTuning.MemoryKeepTime", c.MemoryKeepTime, 1)
		ps.atLeast("ChangeProcessingTuning.MemoryLimitTotal", c.MemoryLimitTotal, 1)
		ps.atLeast("ChangeProcessingTuning.MinTransactionSize", c.MinTransactionSize, 1)
		ps.within("ChangeProcessingTuning.StatementCacheSize", c.StatementCacheSize, 0, 200)
	}
	if c := s.ControlTablesSettings; c != nil {
		ps.atLeast("ControlTablesSettings.HistoryTimeslotInMinutes", c.HistoryTimeslotInMinutes, 1)
	}
	if e := s.ErrorBehavior; e != nil {
		ps.oneOf("ErrorBehavior.DataErrorPolicy", e.DataErrorPolicy, recordPolicies...)
		ps.oneOf("ErrorBehavior.DataTruncationErrorPolicy", e.DataTruncationErrorPolicy, recordPolicies...)
		ps.oneOf("ErrorBehavior.DataErrorEscalationPolicy", e.DataErrorEscalationPolicy, escalationPolicies...)
		ps.oneOf("ErrorBehavior.EventErrorPolicy", e.EventErrorPolicy, "IGNORE", "STOP_TASK")
		ps.oneOf("ErrorBehavior.TableErrorPolicy", e.TableErrorPolicy, escalationPolicies...)
		ps.oneOf("ErrorBehavior.TableErrorEscalationPolicy", e.TableErrorEscalationPolicy, "STOP_TASK")
		ps.oneOf("ErrorBehavior.ApplyErrorDeletePolicy", e.ApplyErrorDeletePolicy, recordPolicies...)
		ps.oneOf("ErrorBehavior.ApplyErrorInsertPolicy", e.ApplyErrorInsertPolicy, append(recordPolicies, "INSERT_RECORD")...)
		ps.oneOf("ErrorBehavior.ApplyErrorUpdatePolicy", e.ApplyErrorUpdatePolicy, append(recordPolicies, "UPDATE_RECORD")...)
		ps.oneOf("ErrorBehavior.ApplyErrorEscalationPolicy", e.ApplyErrorEscalationPolicy, "LOG_ERROR", "SUSPEND_TABLE", "STOP_TASK")
		ps.atLeast("ErrorBehavior.ApplyErrorEscalationCount", e.ApplyErrorEscalationCount, 0)
		ps.atLeast("ErrorBehavior.DataErrorEscalationCount", e.DataErrorEscalationCount, 0)
		ps.atLeast("ErrorBehavior.TableErrorEscalationCount", e.TableErrorEscalationCount, 0)
		// -1 means retry forever; 0 means never retry.
		ps.atLeast("ErrorBehavior.RecoverableErrorCount", e.RecoverableErrorCount, -1)
		ps.atLeast("ErrorBehavior.RecoverableErrorInterval", e.RecoverableErrorInterval, 1)
		ps.atLeast("ErrorBehavior.RecoverableErrorThrottlingMax", e.RecoverableErrorThrottlingMax, 1)
	}
	if f := s.FullLoadSettings; f != nil {
		ps.oneOf("FullLoadSettings.TargetTablePrepMode", f.TargetTablePrepMode, "DO_NOTHING", "DROP_AND_CREATE", "TRUNCATE_BEFORE_LOAD")
		ps.within("FullLoadSettings.MaxFullLoadSubTasks", f.MaxFullLoadSubTasks, 1, 49)
		ps.within("FullLoadSettings.CommitRate", f.CommitRate, 1, 50000)
		ps.atLeast("FullLoadSettings.TransactionConsistencyTimeout", f.TransactionConsistencyTimeout, 0)
		if isTrue(f.StopTaskCachedChangesApplied) && isTrue(f.StopTaskCachedChangesNotApplied) {
			ps.add("FullLoadSettings.StopTaskCachedChangesNotApplied", true,
				"false when FullLoadSettings.StopTaskCachedChangesApplied is true (a task stops either before or after cached changes)")
		}
	}
	if l := s.Logging; l != nil {
		seen := map[string]bool{}
		for i, c := range l.LogComponents {
			path := "Logging.LogComponents[" + itoa(i) + "]"
			id, sev := c.ID, c.Severity
			ps.oneOf(path+".Id", &id, logComponentIDs...)
			ps.oneOf(path+".Severity", &sev, logSeverities...)
			if seen[c.ID] {
				ps.add(path+".Id", c.ID, "each component once")
			}
			seen[c.ID] = true
		}
	}
	if b := s.StreamBufferSettings; b != nil {
		ps.atLeast("StreamBufferSettings.StreamBufferCount", b.StreamBufferCount, 2)
		ps.atLeast("StreamBufferSettings.StreamBufferSizeInMB", b.StreamBufferSizeInMB, 1)
		ps.atLeast("StreamBufferSettings.CtrlStreamBufferSizeInMB", b.CtrlStreamBufferSizeInMB, 1)
	}
	if t := s.TargetMetadata; t != nil {
		if isTrue(t.FullLobMode) && isTrue(t.LimitedSizeLobMode) {
			ps.add("TargetMetadata.LimitedSizeLobMode", true, "false when TargetMetadata.FullLobMode is true (one LOB mode at a time)")
		}
		if isTrue(t.LimitedSizeLobMode) && t.LobMaxSize != nil && *t.LobMaxSize < 1 {
			ps.add("TargetMetadata.LobMaxSize", *t.LobMaxSize, "at least 1 (KB) when TargetMetadata.LimitedSizeLobMode is true")
		}
		ps.atLeast("TargetMetadata.LobMaxSize", t.LobMaxSize, 0)
		ps.atLeast("TargetMetadata.LobChunkSize", t.LobChunkSize, 0)
		ps.within("TargetMetadata.InlineLobMaxSize", t.InlineLobMaxSize, 0, 102400)
		ps.atLeast("TargetMetadata.LoadMaxFileSize", t.LoadMaxFileSize, 0)
		ps.within("TargetMetadata.ParallelLoadThreads", t.ParallelLoadThreads, 0, 32)
		ps.within("TargetMetadata.ParallelApplyThreads", t.ParallelApplyThreads, 0, 32)
		ps.within("TargetMetadata.ParallelLoadBufferSize", t.ParallelLoadBufferSize, 0, 1000)
		ps.atLeast("TargetMetadata.ParallelApplyBufferSize", t.ParallelApplyBufferSize, 0)
		ps.atLeast("TargetMetadata.ParallelLoadQueuesPerThread", t.ParallelLoadQueuesPerThread, 0)
		ps.atLeast("TargetMetadata.ParallelApplyQueuesPerThread", t.ParallelApplyQueuesPerThread, 0)
	}
	if v := s.ValidationSettings; v != nil {
		ps.oneOf("ValidationSettings.ValidationMode", v.ValidationMode, "ROW_LEVEL", "GROUP_LEVEL")
		ps.atLeast("ValidationSettings.FailureMaxCount", v.FailureMaxCount, 0)
		ps.atLeast("ValidationSettings.TableFailureMaxCount", v.TableFailureMaxCount, 0)
		ps.atLeast("ValidationSettings.ThreadCount", v.ThreadCount, 1)
		ps.atLeast("ValidationSettings.PartitionSize", v.PartitionSize, 1)
		ps.atLeast("ValidationSettings.MaxKeyColumnSize", v.MaxKeyColumnSize, 1)
		ps.atLeast("ValidationSettings.RecordFailureDelayInMinutes", v.RecordFailureDelayInMinutes, 0)
		ps.atLeast("ValidationSettings.RecordFailureDelayLimitInMinutes", v.RecordFailureDelayLimitInMinutes, 0)
		ps.atLeast("ValidationSettings.RecordSuspendDelayInMinutes", v.RecordSuspendDelayInMinutes, 0)
		ps.atLeast("ValidationSettings.ValidationPartialLobSize", v.ValidationPartialLobSize, 0)
		ps.atLeast("ValidationSettings.ValidationQueryCdcDelaySeconds", v.ValidationQueryCdcDelaySeconds, 0)
		if isTrue(v.ValidationOnly) && !isTrue(v.EnableValidation) {
			ps.add("ValidationSettings.ValidationOnly", true, "false unless ValidationSettings.EnableValidation is true")
		}
	}
	return ps.Err()
}

func isTrue(b *bool) bool { return b != nil && *b }
