package settings

// auroraLogComponents lists the components the seed's appendix logs, in its order.
var auroraLogComponents = []string{
	"TRANSFORMATION", "SOURCE_UNLOAD", "IO", "TARGET_LOAD", "PERFORMANCE",
	"SOURCE_CAPTURE", "SORTER", "REST_SERVER", "VALIDATOR_EXT", "TARGET_APPLY",
	"TASK_MANAGER", "TABLES_MANAGER", "METADATA_MANAGER", "FILE_FACTORY",
	"COMMON", "ADDONS", "DATA_STRUCTURE", "COMMUNICATION", "FILE_TRANSFER",
}

// s3LogComponents lists the five components the earlier S3 task logged.
var s3LogComponents = []string{
	"SOURCE_UNLOAD", "SOURCE_CAPTURE", "TARGET_LOAD", "TARGET_APPLY", "TASK_MANAGER",
}

func defaultSeverity(ids []string) []LogComponent {
	out := make([]LogComponent, len(ids))
	for i, id := range ids {
		out[i] = LogComponent{ID: id, Severity: "LOGGER_SEVERITY_DEFAULT"}
	}
	return out
}

// OracleToAurora returns the seed's appendix: the settings of the Oracle to
// Aurora PostgreSQL task. The four sections the appendix sets to null
// (BeforeImageSettings, CharacterSetSettings, LoopbackPreventionSettings,
// PostProcessingRules) are left nil, so they are not sent at all.
func OracleToAurora() *TaskSettings {
	return &TaskSettings{
		ChangeProcessingDdlHandlingPolicy: &ChangeProcessingDdlHandlingPolicy{
			HandleSourceTableAltered:   Bool(true),
			HandleSourceTableDropped:   Bool(true),
			HandleSourceTableTruncated: Bool(true),
		},
		ChangeProcessingTuning: &ChangeProcessingTuning{
			BatchApplyMemoryLimit:         Int(500),
			BatchApplyPreserveTransaction: Bool(true),
			BatchApplyTimeoutMax:          Int(30),
			BatchApplyTimeoutMin:          Int(1),
			BatchSplitSize:                Int(0),
			CommitTimeout:                 Int(1),
			MemoryKeepTime:                Int(60),
			MemoryLimitTotal:              Int(1024),
			MinTransactionSize:            Int(1000),
			StatementCacheSize:            Int(50),
		},
		ControlTablesSettings: &ControlTablesSettings{
			ControlSchema:                 String(""),
			FullLoadExceptionTableEnabled: Bool(false),
			HistoryTableEnabled:           Bool(false),
			HistoryTimeslotInMinutes:      Int(5),
			StatusTableEnabled:            Bool(false),
			SuspendedTablesTableEnabled:   Bool(false),
		},
		ErrorBehavior: &ErrorBehavior{
			ApplyErrorDeletePolicy:                      String("IGNORE_RECORD"),
			ApplyErrorEscalationCount:                   Int(0),
			ApplyErrorEscalationPolicy:                  String("LOG_ERROR"),
			ApplyErrorFailOnTruncationDdl:               Bool(false),
			ApplyErrorInsertPolicy:                      String("LOG_ERROR"),
			ApplyErrorUpdatePolicy:                      String("LOG_ERROR"),
			DataErrorEscalationCount:                    Int(0),
			DataErrorEscalationPolicy:                   String("SUSPEND_TABLE"),
			DataErrorPolicy:                             String("LOG_ERROR"),
			DataTruncationErrorPolicy:                   String("LOG_ERROR"),
			FailOnNoTablesCaptured:                      Bool(true),
			FailOnTransactionConsistencyBreached:        Bool(false),
			FullLoadIgnoreConflicts:                     Bool(true),
			RecoverableErrorCount:                       Int(-1),
			RecoverableErrorInterval:                    Int(5),
			RecoverableErrorStopRetryAfterThrottlingMax: Bool(true),
			RecoverableErrorThrottling:                  Bool(true),
			RecoverableErrorThrottlingMax:               Int(1800),
			TableErrorEscalationCount:                   Int(0),
			TableErrorEscalationPolicy:                  String("STOP_TASK"),
			TableErrorPolicy:                            String("SUSPEND_TABLE"),
		},
		FailTaskWhenCleanTaskResourceFailed: Bool(false),
		FullLoadSettings: &FullLoadSettings{
			CommitRate:                      Int(10000),
			CreatePkAfterFullLoad:           Bool(false),
			MaxFullLoadSubTasks:             Int(8),
			StopTaskCachedChangesApplied:    Bool(false),
			StopTaskCachedChangesNotApplied: Bool(false),
			TargetTablePrepMode:             String("DROP_AND_CREATE"),
			TransactionConsistencyTimeout:   Int(600),
		},
		Logging: &Logging{
			EnableLogging: Bool(true),
			LogComponents: defaultSeverity(auroraLogComponents),
		},
		StreamBufferSettings: &StreamBufferSettings{
			CtrlStreamBufferSizeInMB: Int(5),
			StreamBufferCount:        Int(3),
			StreamBufferSizeInMB:     Int(8),
		},
		TargetMetadata: &TargetMetadata{
			BatchApplyEnabled:            Bool(false),
			FullLobMode:                  Bool(false),
			InlineLobMaxSize:             Int(0),
			LimitedSizeLobMode:           Bool(true),
			LoadMaxFileSize:              Int(0),
			LobChunkSize:                 Int(0),
			LobMaxSize:                   Int(32),
			ParallelApplyBufferSize:      Int(0),
			ParallelApplyQueuesPerThread: Int(0),
			ParallelApplyThreads:         Int(0),
			ParallelLoadBufferSize:       Int(0),
			ParallelLoadQueuesPerThread:  Int(0),
			ParallelLoadThreads:          Int(0),
			SupportLobs:                  Bool(true),
			TargetSchema:                 String(""),
			TaskRecoveryTableEnabled:     Bool(false),
		},
		ValidationSettings: &ValidationSettings{
			EnableValidation:                 Bool(true),
			FailureMaxCount:                  Int(10000),
			HandleCollationDiff:              Bool(false),
			MaxKeyColumnSize:                 Int(8096),
			PartitionSize:                    Int(10000),
			RecordFailureDelayInMinutes:      Int(5),
			RecordFailureDelayLimitInMinutes: Int(0),
			RecordSuspendDelayInMinutes:      Int(30),
			SkipLobColumns:                   Bool(false),
			TableFailureMaxCount:             Int(1000),
			ThreadCount:                      Int(5),
			ValidationMode:                   String("ROW_LEVEL"),
			ValidationOnly:                   Bool(false),
			ValidationPartialLobSize:         Int(0),
			ValidationQueryCdcDelaySeconds:   Int(0),
		},
	}
}

// OracleToS3 returns the earlier system's S3 task settings: the appendix with
// a 64 KB LOB chunk, five log components, no validation (DMS cannot validate
// an S3 target), no failure when no table is captured, and without the keys
// that task never sent. Its CloudWatchLogGroup and CloudWatchLogStream nulls
// are gone: provider 5.46 and later reject them.
func OracleToS3() *TaskSettings {
	s := OracleToAurora()
	s.TargetMetadata.LobChunkSize = Int(64)
	s.Logging.LogComponents = defaultSeverity(s3LogComponents)
	s.ErrorBehavior.RecoverableErrorStopRetryAfterThrottlingMax = Bool(false)
	s.ErrorBehavior.FailOnNoTablesCaptured = Bool(false)
	s.ValidationSettings.EnableValidation = Bool(false)
	s.FullLoadSettings.TargetTablePrepMode = nil
	s.ControlTablesSettings.FullLoadExceptionTableEnabled = nil
	s.ValidationSettings.MaxKeyColumnSize = nil
	s.ValidationSettings.RecordFailureDelayInMinutes = nil
	s.ValidationSettings.RecordSuspendDelayInMinutes = nil
	return s
}
