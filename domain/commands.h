// Commands: what a user asks the ledger to do. Decide() turns a command into events or an error.
#ifndef RESKONTRA_DOMAIN_COMMANDS_H_
#define RESKONTRA_DOMAIN_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/date.h"
#include "domain/events.h"
#include "domain/ids.h"
#include "domain/invoice_file.h"
#include "domain/limits.h"
#include "domain/money.h"
#include "domain/payment_file.h"

namespace reskontra {

struct CommandMeta {
  std::string command_id;  // client-chosen idempotency key
  std::string actor;
  CompanyId company = 0;
  // Expected version of the command's stream (the invoice's for invoice commands, the
  // customer's for customer commands): the number of events on it so far. Mismatch = ABORTED.
  std::optional<int64_t> expected_version;
};

struct RegisterCompany {
  std::string name;
  std::string org_number;
};
// The company's address, VAT number, F-skatt and Peppol id (the full new state).
struct SetCompanyDetails {
  CompanyDetailsSet details;
};
struct RegisterCustomer {
  std::string customer_number;
  CustomerDetails details;
};
struct ChangeCustomer {
  std::string customer_number;
  CustomerDetails details;
};
struct IssueInvoiceLine {
  std::string description;
  Money net;
  int32_t vat_rate_bp = 0;
  int32_t revenue_account = 0;
  bool outside_vat_scope = false;  // 0 % only: not subject to VAT (O) rather than exempt (E)
};
struct IssueInvoice {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  Date invoice_date;
  Date due_date;
  std::vector<IssueInvoiceLine> lines;
  std::string ocr_reference;  // empty: derived from the invoice number
  // The caller's attributes; the ledger records the customer's channel and e-invoice address
  // at issue (what the caller gives of those is ignored).
  InvoiceAttributes attributes;
};
// A manual entry (registrera manuella). With a payment method (inbetalningssätt) the method
// decides what it is: a payment (K), a debit (D), or a reversal of a charged reminder fee,
// collection fee or interest (P/K/D specials). Without an invoice number but with a customer
// number, the payment goes to the customer's invoices oldest first.
struct RecordPayment {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::optional<Date> transaction_date;  // default: today
  PaymentChannel channel = PaymentChannel::kManual;
  std::string reference;  // OCR, or the remark (anmärkning) of a manual entry
  std::string payer_name;
  std::string method;           // inbetalningssätt code, "" for a plain payment
  std::string customer_number;  // with invoice_number 0
};
struct CreditInvoice {
  InvoiceNumber invoice_number = 0;
  std::optional<Money> amount;  // nullopt: the whole remaining balance
  std::string credit_note_number;
  std::string remark;
  std::optional<Date> transaction_date;
  std::string method;  // inbetalningssätt code (sets the transaction's text), "" for none
};
struct AnnulInvoice {
  InvoiceNumber invoice_number = 0;
  std::string remark;
  std::optional<Date> transaction_date;
  std::string method;  // inbetalningssätt code (sets the transaction's text), "" for none
};
struct AdjustDebit {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  std::optional<Date> transaction_date;
  std::string method;  // inbetalningssätt code (sets the transaction's text), "" for none
};
struct WriteOff {
  InvoiceNumber invoice_number = 0;
  std::optional<Money> amount;  // nullopt: the whole remaining balance
  std::string remark;
  std::optional<Date> transaction_date;
  std::string method;  // inbetalningssätt code (sets the transaction's text), "" for none
};
struct AddNote {
  InvoiceNumber invoice_number = 0;  // or 0 with a customer number
  std::string customer_number;
  std::string text;
};

struct SetPaymentSettings {
  std::string bankgiro;
  Money overpayment_limit;
  Money underpayment_limit;
  int32_t small_difference_account = 3740;
  uint8_t ocr_control = 0;       // OcrControl
  std::string allocation_order;  // "" = FIC
  bool oldest_first = false;
  bool carry_to_next_invoice = false;
  std::vector<std::string> agency_bankgiros;
  bool ocr_length_digit = false;
  uint8_t reference_kind = 0;              // ReferenceKind
  std::string currency;                    // "" or "SEK", or "NOK"
  std::vector<std::string> bank_accounts;  // IBAN or BBAN (camt files name the account)
  bool apply_credit_to_new_invoices = false;
};

// Registers or changes a payment method (underhåll inbetalningssätt).
struct DefinePaymentMethod {
  PaymentMethodDefined method;
};
// Charges a fee to a claim (or only notes it), e.g. a reminder fee.
struct ChargeFee {
  InvoiceNumber invoice_number = 0;
  ChargeKind kind = ChargeKind::kReminderFee;
  Money amount;
  bool charged = true;
  std::string text;
  std::optional<Date> transaction_date;
};
// Charges accrued late-payment interest to a claim (uppdebitering).
struct ChargeInterest {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string text;
  std::optional<Date> transaction_date;
};
// Sets (or with "" clears) the betalningsbevakning text of a claim.
struct SetWatchText {
  InvoiceNumber invoice_number = 0;
  std::string text;
};
// Import of a bank file, read by formats/ (domain/payment_import.h): one command, all or nothing.
// An invoice file from a billing system (domain/invoice_file.h), all or nothing.
struct ImportInvoiceFile {
  IncomingInvoiceFile file;
  std::string fingerprint;  // hex SHA-256 of the file's bytes
  // A migration of the old ledger's open items (issue 26, item 6) when not 0: every invoice of
  // the file has its `opening`; what the migration books is posted against this account.
  int32_t opening_account = 0;
  Date balance_date;  // the old ledger's balance day (saldodag), with opening_account
};
struct ImportPaymentFile {
  IncomingPaymentFile file;
  std::string fingerprint;  // hex SHA-256 of the file's bytes
  bool confirm_resend = false;
};

// Manual handling of a payment in the unmatched queue: exactly one of allocations (which
// must add up to the payment), a booking to an account, or a refund.
struct ResolveUnmatchedPayment {
  std::string payment_id;
  struct Part {
    InvoiceNumber invoice_number = 0;
    Money amount;
  };
  std::vector<Part> allocations;
  int32_t book_account = 0;
  bool refund = false;
  std::string text;  // why / to whom
};

// Undo a payment registered by mistake.
struct ReversePayment {
  std::string payment_id;
  std::string remark;
};
// Förskott used on the customer's open invoices: one (invoice_number) or oldest first (0).
struct ApplyCreditBalance {
  std::string customer_number;
  InvoiceNumber invoice_number = 0;
  std::optional<Money> amount;  // nullopt: as much as the credit balance and the invoices allow
  std::optional<Date> transaction_date;
};
// A negative invoice settled: its balance to the customer's credit balance, and in the same
// command applied to the customer's open invoices (one, or oldest first) or paid out.
enum class Settlement : uint8_t { kToCredit = 0, kApply = 1, kPayOut = 2 };
struct SettleNegativeInvoice {
  InvoiceNumber invoice_number = 0;
  Settlement way = Settlement::kToCredit;
  InvoiceNumber apply_to = 0;  // kApply: this invoice; 0 = the customer's open invoices oldest first
  std::string recipient;       // kPayOut: to whom / to which account (required)
  std::optional<Date> transaction_date;
};
// Förskott paid back to the customer.
struct RefundCreditBalance {
  std::string customer_number;
  std::optional<Money> amount;  // nullopt: the whole credit balance
  std::string recipient;        // to whom / to which account (required)
  std::optional<Date> transaction_date;
};

// ---- Kravverksamhet ----
struct SetDunningPolicy {
  DunningPolicySet policy;
};
struct DefineDunningCode {
  DunningCodeDefined code;
};
struct AssignDunningCode {
  InvoiceNumber invoice_number = 0;
  uint8_t code = 0;
  std::optional<Date> until;
};
struct RemoveDunningCode {
  InvoiceNumber invoice_number = 0;
};
// Which claims a dunning run or a collection transfer covers (0 / "" = no limit).
struct DunningSelection {
  int32_t routine = 0;
  InvoiceNumber first_invoice = 0, last_invoice = 0;
  std::string customer_number;
};
// Fully paid claims for interest invoicing, the uninvoiced list or the transfer.
struct InterestSelection {
  Date paid_from, paid_to;  // slutbetalningsdatum
  DunningSelection selection;
  std::optional<int32_t> min_interest_kronor;  // none: the policy's
  std::optional<int32_t> min_days_late;        // none: the policy's
};
// Riksbanken's reference rate from `effective` on (all companies).
struct SetReferenceRate {
  Date effective;
  int32_t rate_bp = 0;
  std::string source;
};
struct SetInterestPolicy {
  InterestPolicySet policy;
};
// Kontering for the company (routine 0) or one routine.
struct SetAccountPlan {
  AccountPlanSet plan;
};
// Periodstängning through a day that has ended. `move_to_open`: later events dated in the
// closed period move to the first open day; otherwise they are refused.
struct ClosePeriod {
  Date through;
  bool move_to_open = false;
};
// Rensning betalda fakturor (handbook 8.4): claims with balance zero, slutbetalda and with
// every movement dated before `paid_before`, leave the active projections. Selection by
// routine and invoice-number range; claims with one of `keep_codes` (up to 4 kravkoder) stay.
// A claim paid after its due date whose late-payment interest was never invoiced stays too,
// unless `include_uninvoiced_interest`. See SelectForArchive (domain/archive.h).
struct ArchiveInvoices {
  Date paid_before;
  int32_t routine_from = 0, routine_to = limits::kRoutineMax;
  InvoiceNumber invoice_from = 0, invoice_to = limits::kInvoiceNumberMax;
  std::vector<uint8_t> keep_codes;
  bool include_uninvoiced_interest = false;
};
// Uppdatera bokföring: records a posting run computed from the journal's verifikationer
// (replay/ computes it; Decide checks it follows the last run without a gap).
struct RecordPostingRun {
  PostingRunCompleted run;
};
// Inbetald upplupen ränta: accrued interest the customer paid that was never charged.
struct RecordPaidInterest {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
};
// Räntefakturering: one interest invoice per fully paid claim, once per claim.
struct RunInterestInvoicing {
  InterestSelection selection;
  std::optional<Date> due_date;  // none: the policy's days ahead, a weekend moved to Monday
};
// The same interest carried to each customer's next invoice instead.
struct TransferInterestToNextInvoice {
  InterestSelection selection;
};
// Utskrift av påminnelser/inkassokrav/restkrav: one run for a date, all or nothing.
struct RunDunning {
  Date run_date;
  DunningSelection selection;
};
// Blanks a step's date so that the step can be taken again; its fee is taken off too.
struct ClearDunningStep {
  InvoiceNumber invoice_number = 0;
  DunningStep step = DunningStep::kNone;
  std::string remark;
};
struct ChangeDueDate {
  InvoiceNumber invoice_number = 0;
  Date due_date;
  std::string remark;
};
struct GrantDeferral {
  InvoiceNumber invoice_number = 0;
  Date requested_on;
  Date until;
  std::string reason;
};
struct CreateAmortizationPlan {
  std::string customer_number;
  std::vector<InvoiceNumber> invoices;
  std::vector<OutsideClaim> outside;
  Date first_payment;
  bool last_of_month = false;  // sista i varje månad
  Money monthly;               // whole kronor; or 0 with `months`
  int32_t months = 0;
  Money notification_fee;  // aviseringsavgift per instalment, whole kronor
  std::string approved_by;
  bool autogiro_offered = false;
  bool no_interest = false;  // Ej ränta
};
struct CancelAmortizationPlan {
  std::string customer_number;
  std::string plan_id;
  std::string remark;
};
struct ApplyPaymentOrder {
  std::string national_id;
  std::vector<std::pair<CompanyId, InvoiceNumber>> claims;
  Money costs;
  uint8_t interest_alternative = 1;
};
// Överföring till inkasso. Claims by selection whose base step is at least `days` old, or
// the listed invoices. With a capital method the claim is zeroed in the ledger.
struct TransferToCollection {
  DunningSelection selection;
  std::vector<InvoiceNumber> invoices;
  DunningStep base = DunningStep::kCollectionDemand;  // kCollectionDemand or kReminder2
  int32_t days = 0;
  std::string agency;
  uint8_t code = 0;
  std::string watch_text;
  std::string capital_method;   // "" = the claim is not zeroed
  std::string fee_method;       // K method for charged collection fees
  std::string interest_method;  // D method for charged interest
};

// Fyra ögon: the company's policy on which annulments and write-offs need a second user.
struct SetApprovalPolicy {
  ApprovalPolicySet policy;
};
// Approves or rejects a waiting request (ApprovalRequested). Approval needs a user other than
// the requester; the requester may reject (withdraw) their own.
struct DecideApproval {
  int64_t request_id = 0;
  bool approve = false;
  std::string reason;
};

// ---- Documents ----
// Records a document the ledger produced (issue 25): the services render it from the journal
// up to `document.source_position` and record what came out. Not a user's command: the print
// RPCs send it.
struct RecordDocument {
  DocumentProduced document;
  bool resend = false;  // an e-invoice: send one already sent again
};
// A Peppol Invoice Response from a buyer (BIS Invoice Response 3, issue 26): the buyer's answer
// to an e-invoice, by its UNCL4343 code.
struct InvoiceResponse {
  std::string response_id;  // the response's own ID
  Date issue_date;
  std::string code;        // AB IP UQ CA RE AP PD
  std::string invoice_id;  // the invoice's ID as sent: its 9-digit number
  std::string reason;      // the status reasons, joined ("" none)
  int line = 0;            // where in the file
  // The document it answers (DocumentTypeCode: 380 an invoice, 381 a credit note; "" not given)
  // and who sent it (SenderParty's EndpointID as scheme:id, "" not given).
  std::string document_type;
  std::string sender;
};
// Under query (UQ) or rejected (RE) holds the claim's dunning with the company's `hold_code`
// and notes the reason; accepted (AP), conditionally accepted (CA) or paid (PD) lifts that hold
// and notes it; acknowledgements (AB, IP) change nothing. All or nothing.
struct ApplyInvoiceResponses {
  std::vector<InvoiceResponse> responses;
  uint8_t hold_code = 0;  // a kravkod 1..9 the company has defined
};
// The caller's attributes of an invoice, the full new set (InvoiceAttributesChanged).
struct ChangeInvoiceAttributes {
  InvoiceNumber invoice_number = 0;
  InvoiceAttributes attributes;
};
// Stores a text of the register (replacing the one under its kind and number).
struct SetLetterText {
  LetterTextSet text;
};

using CommandBody =
    std::variant<RegisterCompany, RegisterCustomer, ChangeCustomer, IssueInvoice, RecordPayment,
                 CreditInvoice, AnnulInvoice, AdjustDebit, WriteOff, AddNote, SetPaymentSettings,
                 ImportPaymentFile, ResolveUnmatchedPayment, ReversePayment, DefinePaymentMethod, ChargeFee,
                 ChargeInterest, SetWatchText, SetDunningPolicy, DefineDunningCode, AssignDunningCode,
                 RemoveDunningCode, RunDunning, ClearDunningStep, ChangeDueDate, GrantDeferral,
                 CreateAmortizationPlan, CancelAmortizationPlan, ApplyPaymentOrder, TransferToCollection,
                 SetReferenceRate, SetInterestPolicy, RecordPaidInterest, RunInterestInvoicing,
                 TransferInterestToNextInvoice, ClosePeriod, SetAccountPlan, ArchiveInvoices,
                 RecordPostingRun, SetApprovalPolicy, DecideApproval, ApplyCreditBalance, RefundCreditBalance,
                 SettleNegativeInvoice, RecordDocument, SetLetterText, ImportInvoiceFile, SetCompanyDetails,
                 ChangeInvoiceAttributes, ApplyInvoiceResponses>;

// Special members defined once, in commands.cc (as Event's, for compile time).
struct Command {
  Command();
  Command(CommandMeta m, CommandBody b);
  Command(const Command&);
  Command(Command&&) noexcept;
  Command& operator=(const Command&);
  Command& operator=(Command&&) noexcept;
  ~Command();
  CommandMeta meta;
  CommandBody body;
};

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_COMMANDS_H_
