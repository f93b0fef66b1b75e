# The journal's record format. Canonical bytes of a Record (capnp canonical form, one
# segment) are what the hash chain covers.
#
# WRITTEN TO DISK: never renumber a field or an enumerant, never change a type. Add new
# fields with the next number; retire old ones by leaving them unused. Every event version
# has golden encoded bytes in tests/golden_codec_test.cc.
@0xb576829818701fdf;

$import "/capnp/c++.capnp".namespace("reskontra::capnp_schema");


enum CustomerKind { person @0; organisation @1; estate @2; }
enum DeliveryChannel { paper @0; email @1; eInvoice @2; }
enum PaymentChannel { manual @0; bankgiro @1; plusgiro @2; autogiro @3; cash @4; }

struct CompanyRegistered {
  name @0 :Text;
  orgNumber @1 :Text;
}

struct CustomerDetails {
  kind @0 :CustomerKind;
  nationalId @1 :Text;
  name @2 :Text;
  street @3 :Text;
  postalCode @4 :Text;
  city @5 :Text;
  country @6 :Text;
  email @7 :Text;
  delivery @8 :DeliveryChannel;
  peppolId @9 :Text;            # set only when given (canonical bytes of older records unchanged)
}

struct CustomerRegistered {
  customerNumber @0 :Text;
  details @1 :CustomerDetails;
}

struct CustomerChanged {
  customerNumber @0 :Text;
  details @1 :CustomerDetails;
}

struct InvoiceLine {
  description @0 :Text;
  netOre @1 :Int64;
  vatRateBp @2 :Int32;
  vatOre @3 :Int64;
  revenueAccount @4 :Int32;
  outsideVatScope @5 :Bool;   # a 0 % line not subject to VAT (Peppol O), else exempt (E)
}

struct InvoiceAttributes {
  department @0 :Text;
  handler @1 :Text;
  subject @2 :Text;
  buyerReference @3 :Text;
  orderReference @4 :Text;
  billingSystem @5 :Text;
  sourceId @6 :Text;
  delivery @7 :DeliveryChannel;
  peppolId @8 :Text;
}

struct InvoiceAttributesChanged {
  invoiceNumber @0 :Int64;
  attributes @1 :InvoiceAttributes;
}

struct InvoiceIssued {
  invoiceNumber @0 :Int64;
  customerNumber @1 :Text;
  routine @2 :Int32;
  invoiceDateDays @3 :Int32;   # days since 1970-01-01
  dueDateDays @4 :Int32;
  lines @5 :List(InvoiceLine);
  ocrReference @6 :Text;
  totalOre @7 :Int64;
  attributes @8 :InvoiceAttributes;  # set only when any is (older records unchanged)
}

struct PaymentReceived {
  paymentId @0 :Text;
  channel @1 :PaymentChannel;
  amountOre @2 :Int64;
  reference @3 :Text;
  payerName @4 :Text;
  intendedInvoice @5 :Int64;
  method @6 :Text;               # inbetalningssätt code of a manual entry
  fromCollectionAgency @7 :Bool;
  bankReference @8 :Text;        # the bank's own reference (camt AcctSvcrRef), "" in BgMax
  message @9 :Text;              # the payer's unstructured message (camt Ustrd), for the handläggare
}

struct PaymentAllocated {
  paymentId @0 :Text;
  invoiceNumber @1 :Int64;
  feesOre @2 :Int64;
  interestOre @3 :Int64;
  capitalOre @4 :Int64;
}

struct OverpaymentRecorded {
  paymentId @0 :Text;
  customerNumber @1 :Text;
  invoiceNumber @2 :Int64;
  amountOre @3 :Int64;
}

struct InvoiceCredited {
  invoiceNumber @0 :Int64;
  creditNoteNumber @1 :Text;
  amountOre @2 :Int64;
  remark @3 :Text;
  method @4 :Text;
}

# Used for InvoiceAnnulled, DebitAdjusted and WrittenOff: one shape, three meanings.
struct InvoiceAmountChange {
  invoiceNumber @0 :Int64;
  amountOre @1 :Int64;
  remark @2 :Text;
  method @3 :Text;
}

struct NoteAdded {
  invoiceNumber @0 :Int64;
  customerNumber @1 :Text;
  text @2 :Text;
}

struct PaymentSettingsSet {
  bankgiro @0 :Text;
  overpaymentLimitOre @1 :Int64;
  underpaymentLimitOre @2 :Int64;
  smallDifferenceAccount @3 :Int32;
  ocrControl @4 :UInt8;        # 0 soft, 1 hard, 2 variable
  allocationOrder @5 :Text;    # permutation of F, I, C; empty = FIC
  oldestFirst @6 :Bool;
  carryToNextInvoice @7 :Bool;
  agencyBankgiros @8 :List(Text);
  ocrLengthDigit @9 :Bool;
  referenceKind @10 :UInt8;    # 0 OCR, 1 KID MOD10, 2 KID MOD11
  currency @11 :Text;          # ISO 4217 of the company's claims and files; "" = SEK
  bankAccounts @12 :List(Text);  # IBAN/BBAN on which the bank reports the receipts (camt)
  applyCreditToNewInvoices @13 :Bool;
}

struct ImportedDeposit {
  paymentDateDays @0 :Int32;
  serial @1 :Int32;
}

struct PaymentFileImported {
  fingerprint @0 :Text;        # hex SHA-256 of the file
  format @1 :Text;             # "BGMAX"
  bankgiro @2 :Text;
  deposits @3 :List(ImportedDeposit);
  paymentCount @4 :Int32;
  totalOre @5 :Int64;
  resend @6 :Bool;
  paymentKeys @7 :List(Text);  # each payment's identity (domain/payment_import.h), for re-deliveries
  skipped @8 :List(Text);      # payments of a confirmed re-send that were already booked
  skippedOre @9 :Int64;
  messageId @10 :Text;         # camt GrpHdr/MsgId
  otherEntries @11 :Int32;     # entries of the file that are not incoming payments, not read
}

struct SmallDifferenceWrittenOff {
  paymentId @0 :Text;
  invoiceNumber @1 :Int64;
  amountOre @2 :Int64;         # > 0 underpayment written off, < 0 overpayment kept as income
  account @3 :Int32;
}

struct PaymentUnmatched {
  paymentId @0 :Text;
  amountOre @1 :Int64;
  reference @2 :Text;
  payerName @3 :Text;
  reason @4 :Text;
}

enum Resolution { allocated @0; booked @1; refunded @2; }

struct UnmatchedPaymentResolved {
  paymentId @0 :Text;
  resolution @1 :Resolution;
  amountOre @2 :Int64;
  account @3 :Int32;
  text @4 :Text;
}

struct CreditBalanceApplied {
  customerNumber @0 :Text;
  invoiceNumber @1 :Int64;
  feesOre @2 :Int64;
  interestOre @3 :Int64;
  capitalOre @4 :Int64;
}

struct CreditBalanceRefunded {
  customerNumber @0 :Text;
  amountOre @1 :Int64;
  recipient @2 :Text;
}

struct NegativeInvoiceSettled {
  invoiceNumber @0 :Int64;
  customerNumber @1 :Text;
  amountOre @2 :Int64;
}

enum LetterTextKind { reminder @0; collectionDemand @1; residualDemand @2; threat @3; }
enum LetterForm { invoiceForm @0; datapost @1; }
struct LetterTextSet {
  kind @0 :LetterTextKind;
  number @1 :Int32;
  form @2 :LetterForm;
  rows @3 :List(Text);
}

struct InvoiceFileImported {
  fingerprint @0 :Text;
  format @1 :Text;
  invoices @2 :Int32;
  totalOre @3 :Int64;
  customersRegistered @4 :Int32;
  customersChanged @5 :Int32;
  sourceIds @6 :List(Text);
  numbers @7 :List(Int64);
  openingAccount @8 :Int32;    # a migration of open items: the counter account, 0 otherwise
  balanceDateDays @9 :Int32;   # a migration: the old ledger's balance day
}

enum ProducedDocument {
  dunningLetters @0; invoiceCopy @1; replacementInvoice @2; invoices @3; creditNote @4;
  annulmentNotice @5; amortisationPlan @6; dunningLetterFiles @7; eInvoice @8; eInvoiceCreditNote @9;
}

struct CompanyDetailsSet {
  street @0 :Text;
  postalCode @1 :Text;
  city @2 :Text;
  country @3 :Text;
  vatNumber @4 :Text;
  fSkatt @5 :Bool;
  peppolId @6 :Text;
  email @7 :Text;
  phone @8 :Text;
}
struct DocumentProduced {
  kind @0 :ProducedDocument;
  sourcePosition @1 :UInt64;
  dateDays @2 :Int32;
  routine @3 :Int32;
  invoices @4 :List(Int64);
  handler @5 :Text;
  originalDate @6 :Bool;
  sha256 @7 :Text;
  bytes @8 :Int64;
  pages @9 :Int32;
  aboutPosition @10 :UInt64;  # 0 except an e-invoice credit note's (its credit)
}

struct RefundIssued {
  paymentId @0 :Text;
  amountOre @1 :Int64;
  recipient @2 :Text;
}

struct WriteOffRecovered {
  paymentId @0 :Text;
  invoiceNumber @1 :Int64;
  amountOre @2 :Int64;
}

struct ReversedPart {
  invoiceNumber @0 :Int64;
  feesOre @1 :Int64;
  interestOre @2 :Int64;
  capitalOre @3 :Int64;
  smallDifferenceOre @4 :Int64;
  recoveredOre @5 :Int64;
  carriedOre @6 :Int64;
}

struct PaymentReversed {
  paymentId @0 :Text;
  remark @1 :Text;
  parts @2 :List(ReversedPart);
  customerNumber @3 :Text;
  overpaymentOre @4 :Int64;
  unmatchedOre @5 :Int64;
  carriedOverpaymentOre @6 :Int64;
}

enum ChargeKind { reminderFee @0; collectionFee @1; planFee @2; invoiceFee @3; interest @4; lateCompensation @5; paymentOrderCost @6; }
enum MethodSpecial { none @0; reminderFee @1; collectionFee @2; interest @3; }

struct PaymentMethodDefined {
  code @0 :Text;
  text @1 :Text;
  debit @2 :Bool;
  notPosted @3 :Bool;          # bokföres ej
  noInterest @4 :Bool;         # dröjsmålsfaktureras ej
  special @5 :MethodSpecial;
  textOnly @6 :Bool;
  account @7 :Int32;
}

struct FeeCharged {
  invoiceNumber @0 :Int64;
  kind @1 :ChargeKind;
  amountOre @2 :Int64;
  onlyNoted @3 :Bool;
  text @4 :Text;
}

struct InterestCharged {
  invoiceNumber @0 :Int64;
  amountOre @1 :Int64;
  text @2 :Text;
}

struct FeeReversed {
  invoiceNumber @0 :Int64;
  kind @1 :ChargeKind;
  amountOre @2 :Int64;
  method @3 :Text;
  remark @4 :Text;
}

struct WatchTextSet {
  invoiceNumber @0 :Int64;
  text @1 :Text;
}

struct PaymentDifferenceCarried {
  paymentId @0 :Text;
  invoiceNumber @1 :Int64;
  customerNumber @2 :Text;
  amountOre @3 :Int64;         # > 0 underpayment, < 0 overpayment
}

struct CarriedDifferenceApplied {
  invoiceNumber @0 :Int64;
  customerNumber @1 :Text;
  amountOre @2 :Int64;
}

# ---- Kravverksamhet ----
enum DunningStep { none @0; reminder1 @1; reminder2 @2; collectionDemand @3; residualDemand @4; paymentOrderThreat @5; }

struct DunningStepPolicy {
  days @0 :Int32;              # -1 = blank
  feeKronor @1 :Int32;
  charged @2 :Bool;
  printInterest @3 :Bool;
  textNumber @4 :Int32;
}

struct DunningPolicySet {
  routine @0 :Int32;
  reminder1 @1 :DunningStepPolicy;
  reminder2 @2 :DunningStepPolicy;
  demand @3 :DunningStepPolicy;
  residual @4 :DunningStepPolicy;
  threat @5 :DunningStepPolicy;
  demandBase @6 :UInt8;
  chargeInterestAtDemand @7 :Bool;
  feesAgreed @8 :Bool;
  noFeeBelowOre @9 :Int64;
  maxLettersPerMonth @10 :Int32;
  planMinTotalOre @11 :Int64;
  planApprovalMonths @12 :Int32;
  planFeeKronor @13 :Int32;
  planGraceDays @14 :Int32;
  maxRunsPerMonth @15 :Int32;  # 0 = no limit
}

struct DunningCodeDefined {
  code @0 :UInt8;
  text @1 :Text;
  flags @2 :UInt32;
}

struct DunningCodeAssigned {
  invoiceNumber @0 :Int64;
  code @1 :UInt8;
  hasUntil @2 :Bool;
  untilDays @3 :Int32;
}

struct DunningCodeRemoved {
  invoiceNumber @0 :Int64;
  code @1 :UInt8;
}

struct DunningStepIssued {
  invoiceNumber @0 :Int64;
  step @1 :DunningStep;
  claimOre @2 :Int64;
  feeOre @3 :Int64;
  feeCharged @4 :Bool;
  customerCreditOre @5 :Int64;  # the credit balance the letter states
}

struct DunningStepCleared {
  invoiceNumber @0 :Int64;
  step @1 :DunningStep;
  notedRemovedOre @2 :Int64;
  remark @3 :Text;
}

struct DunningRunCompleted {
  runDateDays @0 :Int32;
  routine @1 :Int32;
  firstInvoice @2 :Int64;
  lastInvoice @3 :Int64;
  letters @4 :Int32;
  feesChargedOre @5 :Int64;
  feesNotedOre @6 :Int64;
  plansEnded @7 :Int32;
  coveredByCredit @8 :List(Int64);  # claims due that the customer's credit balance covers
}

struct DueDateChanged {
  invoiceNumber @0 :Int64;
  dueDateDays @1 :Int32;
  remark @2 :Text;
}

struct DeferralGranted {
  invoiceNumber @0 :Int64;
  requestedOnDays @1 :Int32;
  untilDays @2 :Int32;
  reason @3 :Text;
}

struct PlanInstalment {
  dateDays @0 :Int32;
  amountOre @1 :Int64;
  feesOre @2 :Int64;
  capitalOre @3 :Int64;
  notificationFeeOre @4 :Int64;
  interestOre @5 :Int64;
}

struct OutsideClaim {
  text @0 :Text;
  amountOre @1 :Int64;
  hasDueDate @2 :Bool;
  dueDateDays @3 :Int32;
  hasInterest @4 :Bool;
  interestOre @5 :Int64;
}

enum PlanInterest { ordinary @0; perPaymentDay @1; none @2; }

struct AmortizationPlanEstablished {
  planId @0 :Text;
  customerNumber @1 :Text;
  invoices @2 :List(Int64);
  outside @3 :List(OutsideClaim);
  ledgerDebtOre @4 :Int64;
  totalOre @5 :Int64;
  instalments @6 :List(PlanInstalment);
  approvedBy @7 :Text;
  autogiroOffered @8 :Bool;
  interest @9 :PlanInterest;
  rateBp @10 :Int32;
  accruedInterestOre @11 :Int64;
}

enum PlanEnd { completed @0; missedInstalment @1; cancelled @2; }

struct AmortizationPlanEnded {
  planId @0 :Text;
  customerNumber @1 :Text;
  invoices @2 :List(Int64);
  reason @3 :PlanEnd;
  remark @4 :Text;
}

struct PaymentOrderClaim {
  company @0 :Int32;
  invoiceNumber @1 :Int64;
  capitalOre @2 :Int64;
  feesOre @3 :Int64;
  interestOre @4 :Int64;
}

struct PaymentOrderApplied {
  applicationId @0 :Text;
  nationalId @1 :Text;
  claims @2 :List(PaymentOrderClaim);
  costsOre @3 :Int64;
  interestAlternative @4 :UInt8;
}

struct TransferredToCollection {
  invoiceNumber @0 :Int64;
  agency @1 :Text;
  code @2 :UInt8;
  watchText @3 :Text;
  claimOre @4 :Int64;
  zeroed @5 :Bool;
}

struct ReferenceRateSet {
  effectiveDays @0 :Int32;
  rateBp @1 :Int32;
  source @2 :Text;
}

struct InterestPolicySet {
  marginBp @0 :Int32;
  fromDayAfter @1 :Bool;
  startAfterInvoiceDays @2 :Int32;
  minInterestKronor @3 :Int32;
  minDaysLate @4 :Int32;
  estatesExempt @5 :Bool;
  lateCompensation @6 :Bool;
  invoiceDueDays @7 :Int32;
  revenueAccount @8 :Int32;
}

# InterestInvoiced and InterestTransferredToNextInvoice.
struct InterestInvoiced {
  invoiceNumber @0 :Int64;
  interestInvoice @1 :Int64;
  interestOre @2 :Int64;
  deductedOre @3 :Int64;
  amountOre @4 :Int64;
  days @5 :Int32;
  paidOnDays @6 :Int32;
  compensationOre @7 :Int64;
}

struct AccountPlanSet {
  routine @0 :Int32;
  receivables @1 :Int32;
  carried @2 :Int32;
  bank @3 :Int32;
  customerCredit @4 :Int32;
  unallocated @5 :Int32;
  vat25 @6 :Int32;
  vat12 @7 :Int32;
  vat6 @8 :Int32;
  feeRevenue @9 :Int32;
  rounding @10 :Int32;
  creditLosses @11 :Int32;
  interestRevenue @12 :Int32;
  debitAdjustments @13 :Int32;
}

struct PeriodClosed {
  throughDays @0 :Int32;
  moveToOpen @1 :Bool;
  sealedPosition @2 :UInt64;
  sealedHash @3 :Text;
}

struct InvoicesArchived {
  paidBeforeDays @0 :Int32;
  invoices @1 :List(Int64);
}

struct PostingRange {
  year @0 :Int32;
  first @1 :Int64;
  last @2 :Int64;
}

struct PostingRunCompleted {
  postingDateDays @0 :Int32;
  fromPosition @1 :UInt64;
  toPosition @2 :UInt64;
  verifikationer @3 :Int64;
  debitTotalOre @4 :Int64;
  ranges @5 :List(PostingRange);
}

struct PaidInterestRecorded {
  invoiceNumber @0 :Int64;
  amountOre @1 :Int64;
  remark @2 :Text;
}

struct ApprovalPolicySet {
  annulment @0 :Bool;
  writeOff @1 :Bool;
  writeOffFromOre @2 :Int64;
}

struct ApprovalRequested {
  requestId @0 :Int64;
  kind @1 :UInt8;  # 1 annulment, 2 write-off
  invoiceNumber @2 :Int64;
  amountOre @3 :Int64;
  remark @4 :Text;
  transactionDateDays @5 :Int32;
  method @6 :Text;
  invoiceVersion @7 :Int64;
}

struct ApprovalDecided {
  requestId @0 :Int64;
  invoiceNumber @1 :Int64;
  approved @2 :Bool;
  reason @3 :Text;
}

struct Record {
  position @0 :UInt64;
  recordedAtMicros @1 :Int64;   # UTC microseconds since the Unix epoch
  effectiveDateDays @2 :Int32;  # transaktionsdatum, days since 1970-01-01
  company @3 :Int32;
  actor @4 :Text;
  commandId @5 :Text;
  prevHash @6 :Data;            # 32 bytes
  hash @7 :Data;                # 32 bytes; empty while the hash is computed
  body :union {
    companyRegistered @8 :CompanyRegistered;
    customerRegistered @9 :CustomerRegistered;
    customerChanged @10 :CustomerChanged;
    invoiceIssued @11 :InvoiceIssued;
    paymentReceived @12 :PaymentReceived;
    paymentAllocated @13 :PaymentAllocated;
    overpaymentRecorded @14 :OverpaymentRecorded;
    invoiceCredited @15 :InvoiceCredited;
    invoiceAnnulled @16 :InvoiceAmountChange;
    debitAdjusted @17 :InvoiceAmountChange;
    writtenOff @18 :InvoiceAmountChange;
    noteAdded @19 :NoteAdded;
    paymentSettingsSet @20 :PaymentSettingsSet;
    paymentFileImported @21 :PaymentFileImported;
    smallDifferenceWrittenOff @22 :SmallDifferenceWrittenOff;
    paymentUnmatched @23 :PaymentUnmatched;
    unmatchedPaymentResolved @24 :UnmatchedPaymentResolved;
    refundIssued @25 :RefundIssued;
    writeOffRecovered @26 :WriteOffRecovered;
    paymentReversed @27 :PaymentReversed;
    paymentMethodDefined @28 :PaymentMethodDefined;
    feeCharged @29 :FeeCharged;
    interestCharged @30 :InterestCharged;
    feeReversed @31 :FeeReversed;
    watchTextSet @32 :WatchTextSet;
    paymentDifferenceCarried @33 :PaymentDifferenceCarried;
    carriedDifferenceApplied @34 :CarriedDifferenceApplied;
    dunningPolicySet @35 :DunningPolicySet;
    dunningCodeDefined @36 :DunningCodeDefined;
    dunningCodeAssigned @37 :DunningCodeAssigned;
    dunningCodeRemoved @38 :DunningCodeRemoved;
    dunningStepIssued @39 :DunningStepIssued;
    dunningStepCleared @40 :DunningStepCleared;
    dunningRunCompleted @41 :DunningRunCompleted;
    dueDateChanged @42 :DueDateChanged;
    deferralGranted @43 :DeferralGranted;
    amortizationPlanEstablished @44 :AmortizationPlanEstablished;
    amortizationPlanEnded @45 :AmortizationPlanEnded;
    paymentOrderApplied @46 :PaymentOrderApplied;
    transferredToCollection @47 :TransferredToCollection;
    referenceRateSet @48 :ReferenceRateSet;
    interestPolicySet @49 :InterestPolicySet;
    interestInvoiced @50 :InterestInvoiced;
    interestTransferredToNextInvoice @51 :InterestInvoiced;
    paidInterestRecorded @52 :PaidInterestRecorded;
    periodClosed @53 :PeriodClosed;
    accountPlanSet @54 :AccountPlanSet;
    invoicesArchived @55 :InvoicesArchived;
    postingRunCompleted @56 :PostingRunCompleted;
    approvalPolicySet @57 :ApprovalPolicySet;
    approvalRequested @58 :ApprovalRequested;
    approvalDecided @59 :ApprovalDecided;
    creditBalanceApplied @60 :CreditBalanceApplied;
    creditBalanceRefunded @61 :CreditBalanceRefunded;
    negativeInvoiceSettled @62 :NegativeInvoiceSettled;
    documentProduced @63 :DocumentProduced;
    letterTextSet @64 :LetterTextSet;
    invoiceFileImported @65 :InvoiceFileImported;
    companyDetailsSet @66 :CompanyDetailsSet;
    invoiceAttributesChanged @67 :InvoiceAttributesChanged;
  }
}
