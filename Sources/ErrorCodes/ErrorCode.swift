/// Every code the program reports, in one catalogue: users, scripts and the documentation rely
/// on them (`scripts/doc-codes.py` reads the E-DEF/E-FA part from here), a code never changes
/// meaning once released, and the compiler refuses a code given twice. Each target's error type
/// carries one of these as its `code`; the groups below say which target reports which codes.
public enum ErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    // MARK: JSON reader (JSONValue)

    case notUTF8 = "E-JSON-001"
    case syntax = "E-JSON-002"
    case tooDeep = "E-JSON-003"
    case empty = "E-JSON-004"
    case nonFinite = "E-JSON-005"
    /// A key written twice in one object of a `render` or `template preview` data file (a
    /// definition file's is E-DEF-003, with its JSON path).
    case duplicateDataKey = "E-JSON-006"

    // MARK: Zip container, XML parts, DOCX packages, files (OOXML)

    case notAZip = "E-ZIP-001"
    case zipCorrupt = "E-ZIP-002"
    case unsafeEntryName = "E-ZIP-003"
    case zipBomb = "E-ZIP-004"
    case entryMissing = "E-ZIP-005"
    case zipWrite = "E-ZIP-006"
    case zipEncrypted = "E-ZIP-007"
    case zipUnsupportedCompression = "E-ZIP-008"
    case xmlArchiveBytes = "E-LIM-001"
    case xmlArchiveElements = "E-LIM-002"
    case xmlTooManyElements = "E-LIM-003"
    /// A JSON input (definition or render data) with more values than the reader keeps.
    case jsonTooManyValues = "E-LIM-004"
    case io = "E-IO-001"
    // Operating-system errors by errno (see SystemFiles.code(of:)).
    case ioNoSpace = "E-IO-002"
    case ioPermission = "E-IO-003"
    case ioReadOnly = "E-IO-004"
    case ioTooLarge = "E-IO-005"
    case ioMissing = "E-IO-006"
    case ioExists = "E-IO-007"
    case ioSymlink = "E-IO-008"
    case ioNameTooLong = "E-IO-009"
    case ioResources = "E-IO-010"
    case ioDevice = "E-IO-011"
    case ioCrossDevice = "E-IO-012"
    case ioBusy = "E-IO-013"
    case ioOther = "E-IO-014"
    /// An input larger than reportgen's limit for its kind (not an OS error).
    case ioOverLimit = "E-IO-015"
    /// Stopped by SIGINT, SIGTERM or SIGHUP (not an OS error either).
    case interrupted = "E-IO-016"
    /// A command-line argument (a path) that is not UTF-8: Swift would read it with U+FFFD in
    /// place of its bytes and reportgen would read or write another path than the one named.
    case ioArgumentNotUTF8 = "E-IO-017"
    case xmlMalformed = "E-XML-001"
    case xmlDTDForbidden = "E-XML-002"
    case xmlTooLarge = "E-XML-003"
    case xpath = "E-XML-004"
    case missingMainDocument = "E-DOCX-001"
    case contentTypes = "E-DOCX-002"
    case relationships = "E-DOCX-003"
    case partExists = "E-DOCX-004"

    // MARK: Templates and rendering (Templating)

    /// `{{#x}}` without a matching close tag.
    case unclosedSection = "E-TPL-001"
    /// `{{/x}}` with nothing open.
    case unopenedSection = "E-TPL-002"
    /// `{{/y}}` closing `{{#x}}`.
    case mismatchedSection = "E-TPL-003"
    case unknownFilter = "E-TPL-004"
    /// Empty tag, bad path, bad filter syntax.
    case malformedTag = "E-TPL-005"
    /// A section whose tags stand in places that cannot be repeated together.
    case incompatiblePlacement = "E-TPL-006"
    /// `{{> name}}` shares its paragraph with other text.
    case blockNotAlone = "E-TPL-007"
    case unknownBlock = "E-TPL-008"
    case badFilterArgument = "E-TPL-009"
    /// `| merge` outside a repeated table row.
    case mergeOutsideRow = "E-TPL-010"
    /// An opening delimiter without a closing one in the same paragraph.
    case unclosedTag = "E-TPL-011"
    /// A closing delimiter with no opening one.
    case unopenedTag = "E-TPL-012"
    /// The template file cannot be read as a .docx.
    case package = "E-TPL-013"
    /// Bad delimiters option.
    case delimiters = "E-TPL-014"
    /// A field the template kind's data contract does not provide.
    case unknownField = "E-TPL-020"
    /// A filter (or block) on a kind of value it cannot take (`date` on a Chinese date).
    case filterOnWrongKind = "E-TPL-021"
    /// `{{.}}` / `{{@index}}` inside a section over something that is not a list.
    case loopOverNonList = "E-TPL-022"
    /// Full-width characters typed by a Chinese input method where a tag needs ASCII.
    case fullWidthInTag = "E-TPL-023"
    /// Text that looks like a tag but is not one (full-width braces, `{ {`): printed as is.
    case lookalikeTag = "W-TPL-001"
    /// An image tag written wrongly: an option other than size/width/height, a bad length.
    case imageTag = "E-TPL-030"
    /// `{{%path}}` on a field the contract does not give as a picture file.
    case imageOnNonImage = "E-TPL-031"
    /// A hyperlink's address holds a tag that cannot be filled there (a section, a picture, a block).
    case hyperlinkTag = "E-TPL-032"
    /// `{{#x}}` and `{{/x}}` in different cells of one row with cells outside them: the
    /// whole row repeats (there are no column loops).
    case loopAcrossCells = "W-TPL-010"
    /// A third brace next to a tag (`{{{项目名称}}`, `{{项目名称}}}`): the extra one would be
    /// printed, or the tag read as a path starting with `{`.
    case extraBrace = "E-TPL-037"
    /// A row loop prints a column the form totals (得分, 执行数) but the 合计 that goes with it
    /// (总分 and 等次, the total amounts) is printed nowhere with the loop: the 合计 row deleted.
    case missingLoopTotal = "E-TPL-038"
    /// A tag inside a Word field's code (`{ QUOTE "{{项目名称}}" }`): never filled, and printed
    /// as typed when Word updates the field.
    case tagInFieldCode = "E-TPL-039"
    /// A line break (Shift+Enter), page or column break, or a tab inside a tag: the tag reads
    /// as written without it, and the break lands after the value in every document.
    case breakInTag = "E-TPL-040"
    /// A Word mail-merge field (`{ MERGEFIELD 项目名称 }`, «项目名称») where a tag belongs: never
    /// filled, printed as «项目名称» in every document.
    case mergeField = "E-TPL-041"
    /// A macro-enabled Word file (.docm, .dotm) used as a template: every report would be a
    /// .docx typed as macro-enabled, which Word refuses to open, carrying the template's macros.
    case macroEnabledTemplate = "E-TPL-042"
    /// A template saved as Word's “Strict Open XML 文档”: its text is in the Strict namespaces,
    /// where no tag is found and every `{{…}}` would be printed as typed.
    case strictTemplate = "E-TPL-043"
    /// A file of the `--templates` folder named as a template but not its .docx (`.wps`,
    /// `.doc`, `.dotx`, `….docx.docx`) with no .docx of that name beside it: the package would
    /// go on with the default template.
    case overlayNotDocx = "E-TPL-044"
    /// An item's field in a loop-row cell Word merges down (`w:vMerge` restart): the cell spans
    /// the loop's rows and is printed once, with the first item's value only.
    case itemInSpanningCell = "E-TPL-045"
    /// A tag typed into the shown result of a field Word and LibreOffice recompute on their own
    /// (a DATE, the page number, a REF): the filled value is replaced in every copy.
    case tagInFieldResult = "E-TPL-046"
    /// A tag inside a content control bound to a document property (插入 → 文档部件 → 文档属性):
    /// Word and LibreOffice show the property's value there on opening, not the filled one.
    case tagInBoundControl = "E-TPL-047"
    /// A tag in a watermark's or WordArt's text (VML `v:textpath`, 设计 → 水印 → 自定义水印):
    /// never filled, printed as typed on every page of every document.
    case tagInWordArt = "E-TPL-048"
    /// A footnote or endnote reference inside a list section (a note on 三级指标 in the
    /// indicator row): every copy refers to the one note, the copies after the first print empty.
    case noteInRepeatedSection = "E-TPL-049"
    /// A tag typed in a chart's title, series or labels, a SmartArt graphic's text or an
    /// equation (插入 → 公式): reportgen fills none of them, every report printed the tag.
    case tagInUnfilledObject = "E-TPL-050"
    /// A kind's essential tag (`{{> body}}`, the indicator rows) is nowhere in the template:
    /// it renders, but every document lacks that content.
    case missingEssentialTag = "W-TPL-011"
    /// A row loop spanning several table rows where a later row uses none of the item's fields
    /// (`{{/indicators}}` moved into the 合计 row): that row is printed once per item.
    case loopRowWithoutItem = "W-TPL-012"
    /// Two row loops over the same list in one table (the loop row copied in Word): every item
    /// is printed twice.
    case listRepeatedInTable = "W-TPL-013"
    /// Unaccepted tracked changes (revision marks) in a template: every generated document
    /// carries them.
    case trackedChanges = "W-TPL-014"
    /// A table prints a total that stands under its rows (自评得分) but has no loop over them:
    /// the indicator rows deleted, the 合计 row left.
    case totalWithoutRows = "W-TPL-015"
    /// Part of a value tag formatted unlike its start (`name}}` bold, `{{project.` not): the
    /// value takes the start's formatting, the rest is lost.
    case mixedTagFormat = "W-TPL-016"
    /// Comments (批注) in a template: every generated document carries them.
    case commentsInTemplate = "W-TPL-017"
    /// A row loop's rows marked as header rows (`w:tblHeader`): every item becomes a header
    /// row, and the pages the table runs onto lose the real header.
    case loopRowIsHeader = "W-TPL-018"
    /// A value tag formatted as hidden text (`w:vanish`): the value is hidden in every document.
    case hiddenTag = "W-TPL-019"
    /// A table row holding a value tag set to a fixed height (`w:hRule="exact"`): what does
    /// not fit is cut off in every document.
    case fixedRowHeight = "W-TPL-020"
    /// A tag typed into the shown result of another field (over «实施单位», a DOCPROPERTY): filled,
    /// but replaced when someone updates the fields (F9, 打印前更新域).
    case tagInUpdatableField = "W-TPL-021"
    /// A list section inside a text box of fixed size (no 根据文字调整形状大小): the rows or
    /// paragraphs that do not fit the box are cut off in every document with many items.
    case loopInFixedTextBox = "W-TPL-022"
    /// A tag that is a content control's placeholder text (`w:showingPlcHdr`, the grey prompt
    /// written in 设计模式): the value prints grey and Word treats it as the prompt.
    case tagInPlaceholder = "W-TPL-023"
    /// A table of contents (TOC field) in a template: nothing updates it, every document shows
    /// the template's entries, not the generated headings and pages.
    case tableOfContents = "W-TPL-024"
    /// Document protection (限制编辑) enforced in a template: every document is protected too,
    /// read-only but for its editable ranges.
    case protectedTemplate = "W-TPL-025"
    /// A paragraph style a block writes its output in (表头, 表格正文, 标题 1, 部分标题) is not in
    /// the template, most often renamed in Word or WPS: the tables or headings come out in
    /// another look.
    case missingBlockStyle = "W-TPL-026"
    /// `project --id` after a template of the projects' documents changed since the package
    /// record was made: every project's document of that template was made again with it.
    case restyledTemplateRemade = "W-TPL-030"
    /// The data has no value at a tag's path (with `missing: .error`).
    case missingValue = "E-RND-001"
    /// A filter cannot handle the value (`number` on `"abc"`).
    case filterFailed = "E-RND-002"
    /// A block generator failed.
    case blockFailed = "E-RND-003"
    /// The document could not be written.
    case output = "E-RND-004"
    /// The picture file of an image tag is missing or unreadable (or the value is no path).
    case imageUnreadable = "E-TPL-033"
    /// The file is neither PNG nor JPEG (judged by its bytes).
    case imageNotPicture = "E-TPL-034"
    /// The file's header does not give a usable pixel size.
    case imageSizeUnreadable = "E-TPL-035"
    /// Over 10 MB or over 20000 pixels a side.
    case imageTooLarge = "E-TPL-036"
    /// Characters XML 1.0 forbids (control characters) were removed from a value.
    case forbiddenCharactersRemoved = "W-RND-001"

    // MARK: Definitions (Reports)

    // Files and structure
    case fileUnreadable = "E-DEF-001"
    case duplicateKey = "E-DEF-003"
    case includeNoMatch = "E-DEF-004"
    case includeCycle = "E-DEF-005"
    case unsupportedFormat = "E-DEF-006"
    // Shape of values
    case wrongType = "E-DEF-010"
    case missingField = "E-DEF-011"
    case unknownKey = "E-DEF-012"
    case badValue = "E-DEF-013"
    case badNumber = "E-DEF-014"
    case negativeMoney = "E-DEF-015"
    case badDate = "E-DEF-016"
    case badID = "E-DEF-017"
    case duplicateID = "E-DEF-018"
    case duplicateName = "E-DEF-019"
    case emptyText = "E-DEF-020"
    case missingYear = "E-DEF-021"
    case badPeriod = "E-DEF-022"
    // Funds
    case mixedFundUnits = "E-DEF-030"
    case fundTotalMismatch = "E-DEF-031"
    case noBudget = "E-DEF-032"
    // Indicators
    case incompatibleUnits = "E-DEF-040"
    case unknownUnit = "E-DEF-041"
    case qualitativeWithoutScore = "E-DEF-042"
    case scoreOutOfRange = "E-DEF-044"
    case weightRequired = "E-DEF-045"
    // Totals
    case totalMismatch = "E-DEF-050"
    case subtotalMismatch = "E-DEF-051"
    case gradeMismatch = "E-DEF-052"
    /// mof-2020: 预算执行 + indicators' 分值 do not make the form's 100 points (was W-DEF-001).
    case weightsNotFormTotal = "E-DEF-100"
    /// A fund tag in a project's body ({{资金.执行数}}) names no figure of the project.
    case projectBodyTag = "E-DEF-101"
    /// `department` or `finalAccounts` names a file already read as a project or as the other.
    case referencedFileInTwoRoles = "E-DEF-102"
    /// A text value holding a direction control (U+202E…): Word shows the text after it reversed.
    case directionControlInText = "E-DEF-103"
    /// A body table's `level1` names no 一级指标 of that table (or the table has none): nothing
    /// would print there, and `package` stopped with a template error (data-entry review 1).
    case tableLevel1Unknown = "E-DEF-112"
    // ippe
    case ippeUnknownItem = "E-DEF-060"
    case ippeMissingItem = "E-DEF-061"
    case notApplicableToScheme = "E-DEF-062"
    // Outline
    case headingAndItem = "E-DEF-080"

    // Department (部门整体) scoring
    case departmentScoreWithoutIndicators = "E-DEF-090"
    case departmentTag = "E-DEF-091"

    // Warnings
    /// Retired (see `ErrorCode.retired`): a 分值 sum other than 100 is now the error E-DEF-100.
    case weightsNot100 = "W-DEF-001"
    case scoreDiffers = "W-DEF-002"
    case rateWithoutDeviation = "W-DEF-003"
    case budgetExecutionWithoutDeviation = "W-DEF-004"
    case fileReferencedTwice = "W-DEF-005"
    case oddValueWithGivenScore = "W-DEF-006"
    case fundsInconsistent = "W-DEF-007"
    case yearDiffers = "W-DEF-008"
    // Issue 8: forms left out, years taken from elsewhere (W-DEF-010…019).
    case formNotAppended = "W-DEF-010"
    case sheetNotAppended = "W-DEF-011"
    case yearFromPackage = "W-DEF-012"
    case yearUnknown = "W-DEF-013"
    // Officer review (W-DEF-020…029).
    /// An unscored project with neither amounts nor indicators: no standalone 自评表 is written.
    case sheetFileNotWritten = "W-DEF-020"
    /// A 二级指标 filed under a 一级指标 it does not belong to.
    case indicatorUnderWrongLevel1 = "W-DEF-021"
    /// A fund line naming its source without any amount: printed "—", and so is every total over it.
    case fundAmountsUnlisted = "W-DEF-022"
    /// The report body states a 资金执行率/预算执行率 the funds do not give.
    case bodyRateDiffers = "W-DEF-023"
    /// mof-2020 without any indicator (a skeleton from a project list): E-DEF-100 waits for them.
    case indicatorsToBeAdded = "W-DEF-030"
    /// A body amount ("实际支出40.83万元") that no fund-table figure of its kind rounds to.
    case bodyAmountDiffers = "W-DEF-031"
    /// A project or unit name holding zero-width characters (U+200B…): printed into titles and
    /// file names, it looks like another name without being it.
    case invisibleCharacterInName = "W-DEF-032"
    /// A project without a body (正文): its report prints the title and the appended forms only.
    case projectWithoutBody = "W-DEF-034"
    /// A text value holding a character XML 1.0 forbids (`\u0000`): left out of every output.
    case forbiddenCharacterInText = "W-DEF-035"
    /// `project --id`: another project's file changed since the last run read it; the 汇总表
    /// takes its new figures while its own documents stay as generated before.
    case otherProjectChanged = "W-DEF-036"
    /// A fund amount in 万元 of 10 亿元 or more: the usual slip is a 元 figure typed without
    /// `"unit": "元"` (newcomer review 5), which every form then prints ten thousand times too large.
    case amountLooksLikeYuan = "W-DEF-037"
    /// A scored project's fund lines give 实际到位 for some lines and not others: the 合计 adds
    /// the given ones only, so its 资金结余 and 预算到位率 come out of part of the money (a
    /// negative 结余 on the newcomer's sheet, newcomer review 5).
    case fundsReceivedPartly = "W-DEF-038"
    /// A half-width ,:;?! between two Chinese characters in a text (“万元,完成预算”): printed as
    /// typed, read as a slip by the officer who signs (officer review 16).
    case halfWidthPunctuationInText = "W-DEF-039"
    /// A space beside a full-width mark in a text (“研究 ， 形成”, “的通知 （”): the mark is spaced
    /// already, and LibreOffice stretches the space of a justified line (officer review 17).
    case spaceBesideFullWidthMark = "W-DEF-040"
    /// A stray space in Chinese text: between a figure and a Chinese character (“〔2019〕1 号”,
    /// “共有 124家”), or Word's no-break space between two Han characters (officer review 18).
    case straySpaceInText = "W-DEF-041"
    /// A fund line's `level` on a source other than 财政资金/财政拨款: the 级次 columns and tags
    /// sum 财政资金 only, so the level printed nowhere (data-entry review 1).
    case levelOutsideFiscalFunds = "W-DEF-049"
    /// Not about the definition: `package`/`project --id` removed the scratch folders a run that
    /// was killed left beside the output folder (or put back a package an older version had moved
    /// aside). A notice printed among the warnings; the output is complete (newcomer review 8: the
    /// line had no code to look up).
    case interruptedRunCleanedUp = "W-OUT-001"

    // MARK: Final accounts (Reports)

    /// A section or line name that the catalogue does not know.
    case unknownFigure = "E-FA-001"
    /// A count (辆、人次) that is not a whole number.
    case badCount = "E-FA-002"
    /// A given total differs from the sum of its parts.
    case sumMismatch = "E-FA-010"
    /// A part exceeds the figure it belongs to (一般公共预算基本支出 > 全部基本支出).
    case partExceedsWhole = "E-FA-011"
    /// A change from last year (or 完成预算 ≠ 100%) without a reason and not marked `false`.
    case missingReason = "E-FA-020"
    /// A tag in a text that names no figure, or needs a figure that is not given.
    case badTag = "E-FA-030"
    /// A derived chart name that is unknown, or whose figures are missing.
    case badDerivedChart = "E-FA-040"
    /// An `acceptedSlips` path that names no given figure.
    case badSlipPath = "E-FA-050"

    /// The sum/part mismatch of a figure listed in `acceptedSlips` (printed as published).
    case acceptedSlip = "W-FA-001"
    /// A number typed in free text contradicts the figure it names.
    case textContradictsFigure = "W-FA-002"
    /// A hand-written chart value differs from the figure its category names.
    case chartContradictsFigure = "W-FA-003"
    /// A count of zero with a non-zero amount (购置越野车0辆、金额32.89万元).
    case countAmountMismatch = "W-FA-004"
    /// An `acceptedSlips` entry whose figure is consistent after all.
    case slipNotNeeded = "W-FA-005"
    /// A rate in free text (资金执行率100%) that the budget and spending printed before it do not give.
    case rateContradictsAmounts = "W-FA-006"
    /// Itemised amounts in free text (①…0.2万元；②…) that do not add up to the total they break down.
    case itemsContradictTotal = "W-FA-007"
    /// A tag printing an amount in the final accounts' unit followed by the other unit
    /// (“全年支出{{支出.合计}}元” in a 万元 file): printed ten thousand times off (officer review 18).
    case tagUnitDiffers = "W-FA-008"

    // MARK: Charts (Charts)

    case noCategories = "E-CHART-001"
    case seriesCount = "E-CHART-002"
    case valueCount = "E-CHART-003"
    case pieNegative = "E-CHART-004"
    case pieEmpty = "E-CHART-005"
    case notANumber = "E-CHART-006"
    case forbiddenCharacter = "E-CHART-007"
    case decimals = "E-CHART-008"
    case tooLarge = "E-CHART-009"
    case index = "E-CHART-010"
    case workbook = "E-CHART-011"
    /// The chart's JSON is not of the documented shape (wrong type, unknown key, missing field).
    case definition = "E-CHART-012"

    // MARK: Package output (ReportKit)

    case outputExists = "E-OUT-001"
    case outputWrite = "E-OUT-002"
    case outputNotAPackage = "E-OUT-003"
    case unknownProject = "E-OUT-004"
    case encoding = "E-OUT-005"
    case template = "E-OUT-006"
    case render = "E-OUT-007"
    case outputLocked = "E-OUT-008"
    case outputSymlink = "E-OUT-009"
    case packageModified = "E-OUT-010"
    case packageMissingFiles = "E-OUT-011"
    case manifestUnusable = "E-OUT-012"
    /// Retired (see `ErrorCode.retired`): a kept file changed while `project --id` copied or
    /// linked it into a new folder; since the in-place update (issue 12) no file is copied.
    case keptFileChanged = "E-OUT-013"
    case projectFileGiven = "E-OUT-014"
    /// A project file changed between loading and rendering (a slim project is read again per job).
    case projectFileChanged = "E-OUT-015"
    /// The output folder lies where a `projects` glob of its own package reaches: its
    /// manifest.json would be read as a project file by the next run.
    case outputInsideGlob = "E-OUT-016"
    /// `-o` names the folder of the package file itself, or one above it (`-o .`): E-OUT-001's
    /// “先清空它” there would have the person empty the folder holding their definitions.
    case outputHoldsPackage = "E-OUT-017"
    /// `project --id --csv-encoding X` on a package whose CSVs are in another encoding: only
    /// some CSVs would change encoding, leaving the package with two.
    case csvEncodingDiffers = "E-OUT-018"
    /// `project --id -o` names a folder made from another package: none of the projects its
    /// manifest lists is in this one, and updating it would delete the other unit's files.
    case outputOfAnotherPackage = "E-OUT-019"
    case injectedFailure = "E-OUT-099"

    // MARK: Import from spreadsheets (OOXML's workbook reader, Import)

    /// Not an .xlsx workbook: no workbook part, or a sheet entry without its part.
    case workbookMissing = "E-IMP-001"
    /// The sheet asked for (`--sheet`) is not in the workbook.
    case sheetMissing = "E-IMP-002"
    /// A cell or merged range of a worksheet cannot be read (bad address, type, string index, number).
    case badCell = "E-IMP-003"
    /// The file cannot be read: missing, a folder, too large, or neither .xlsx nor .csv.
    case unreadableFile = "E-IMP-010"
    /// A CSV file is neither UTF-8 nor GB18030 text.
    case csvEncoding = "E-IMP-011"
    /// A CSV field's quotes are not closed or are followed by other text (RFC 4180).
    case csvQuotes = "E-IMP-012"
    /// The sheet has more rows or columns than a form can have.
    case sheetTooLarge = "E-IMP-013"
    /// No header row with the indicator labels (一级指标, 二级指标, 三级指标 …).
    case noIndicatorHeader = "E-IMP-020"
    /// A column the import needs is not in the header (三级指标, 年度指标值, 实际完成值; 项目名称 in a list).
    case missingColumn = "E-IMP-021"
    /// A header cell the import cannot place in any column it knows.
    case unknownColumn = "E-IMP-022"
    /// Two columns of a header carry the same meaning.
    case duplicateColumn = "E-IMP-023"
    /// 项目名称 is missing or empty.
    case noProjectName = "E-IMP-024"
    /// The money unit in the headers is not 元 or 万元, or two headers name different units.
    case moneyUnit = "E-IMP-025"
    /// The output file name is not a project id (`[a-z0-9-]+.json`).
    case badOutputName = "E-IMP-026"
    /// A cell that must hold a number (分值, 得分, an amount) holds something else.
    case importNotANumber = "E-IMP-030"
    /// An amount is negative.
    case negativeAmount = "E-IMP-031"
    /// An indicator row lacks its 一级/二级/三级指标, 年度指标值 or 实际完成值.
    case incompleteRow = "E-IMP-032"
    /// A cell is an error value (`#DIV/0!`) or a formula never calculated (no cached value).
    case formulaValue = "E-IMP-033"
    /// A row of the fund block whose source is none of 年度资金总额/财政拨款/上年结转资金/其他资金.
    case unknownFundRow = "E-IMP-034"
    /// 年度资金总额 has amounts but no source row has any.
    case fundsWithoutSources = "E-IMP-035"
    /// A number above the indicator table outside every block the import knows.
    case unplacedFigure = "E-IMP-036"
    /// A given 执行率 / 到位率 / 完成率 differs from the one computed from the amounts.
    case rateMismatch = "E-IMP-040"
    /// The given 合计 of 分值 differs from the sum of the rows.
    case weightTotalMismatch = "E-IMP-041"
    /// The imported definition does not validate (the E-DEF problem is quoted, with its cell).
    case definitionInvalid = "E-IMP-042"
    /// A text where a grade (优/良/中/差) is expected.
    case badGrade = "E-IMP-043"
    /// A project list needs the package year or unit and the list does not say it.
    case listNeedsOption = "E-IMP-045"
    /// Two projects of a list have the same name.
    case duplicateProject = "E-IMP-046"
    /// An output file exists (lists refuse to overwrite without --force) or cannot be written.
    case importOutputWrite = "E-IMP-047"
    /// A given 合计 (分值合计, 总分, 等次, 资金合计, a list's amount total) over a cell that could
    /// not be read: not checked, the cell named.
    case totalUnchecked = "E-IMP-048"

    // MARK: Commands (reportgen)

    /// An option with a value it cannot take, or a missing argument.
    case badOption = "E-CLI-002"
    /// A command line ArgumentParser cannot parse (missing argument, unknown option, a value
    /// of the wrong type, an extra argument); exit status 2.
    case usage = "E-CLI-013"
    /// `render -o` (or `--each --name`) not ending in .docx: render writes DOCX documents only;
    /// exit status 2, like E-CLI-013.
    case outputNotDocx = "E-CLI-015"
    /// An empty argument (`-o ""`, `reportgen package ""`): a shell variable without a value;
    /// exit status 2, like E-CLI-013.
    case emptyArgument = "E-CLI-014"
    /// The word where a subcommand belongs names none (`reportgen pakage x.json`, or a file
    /// written first: `reportgen x.json`); exit status 2, like E-CLI-013.
    case unknownSubcommand = "E-CLI-016"
    /// `render --each` on data whose top level is not an array.
    case eachNeedsArray = "E-RND-005"
    /// `template fields` on a template with errors: the listing may be incomplete.
    case fieldsIncomplete = "E-TPL-015"
    /// `package --pdf`: LibreOffice not found.
    case pdfNoLibreOffice = "E-PDF-001"
    /// `package --pdf`: LibreOffice could not start or convert.
    case pdfConversion = "E-PDF-002"
    /// `package --pdf`: LibreOffice took too long.
    case pdfTimeout = "E-PDF-003"
    /// `template preview`: an output name that is not .docx, .pdf or .png.
    case previewFormat = "E-PRV-001"
    /// `template preview`: LibreOffice not found.
    case previewNoLibreOffice = "E-PRV-002"
    /// `template preview`: the conversion to PDF failed.
    case previewConversion = "E-PRV-003"
    /// `template preview`: pdftoppm not found.
    case previewNoPdftoppm = "E-PRV-004"
    /// `template preview`: the page image could not be made.
    case previewPage = "E-PRV-005"
    /// `template preview --page` misused.
    case previewPageOption = "E-PRV-006"
    /// `template preview --scheme/--sample/--data` misused.
    case previewSampleOption = "E-PRV-007"
}

extension ErrorCode {
    /// Codes no longer reported. Their cases stay in the catalogue so that the compiler refuses
    /// them to any new case: a released code never takes another meaning (scripts/doc-codes.py
    /// lists them as 已停用).
    public static let retired: Set<ErrorCode> = [.weightsNot100, .keptFileChanged]

    /// `W-…` codes are warnings: the output is still written.
    public var isWarning: Bool { rawValue.hasPrefix("W-") }
    /// `E-IO-…`: an operating-system failure on a file (by errno).
    public var isSystemFailure: Bool { rawValue.hasPrefix("E-IO-") }
}

extension ErrorCode: CustomStringConvertible {
    /// The code as users read it (`E-IMP-030`), also when interpolated into a message.
    public var description: String { rawValue }
}
