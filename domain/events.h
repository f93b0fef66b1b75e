// The event catalogue of the ledger (affärshändelser), as plain C++ values.
// Events are facts: once recorded they are never changed. Their on-disk form is
// journal/codec (Cap'n Proto); these structs never see a serialisation library.
#ifndef RESKONTRA_DOMAIN_EVENTS_H_
#define RESKONTRA_DOMAIN_EVENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"

namespace reskontra {

// Written to disk: never renumber these enums.
// kEstate: a dödsbo (the estate of a deceased person); no late-payment interest where the
// company's interest policy exempts estates.
enum class CustomerKind : uint8_t { kPerson = 0, kOrganisation = 1, kEstate = 2 };
enum class DeliveryChannel : uint8_t { kPaper = 0, kEmail = 1, kEInvoice = 2 };
enum class PaymentChannel : uint8_t { kManual = 0, kBankgiro = 1, kPlusgiro = 2, kAutogiro = 3, kCash = 4 };

struct CompanyRegistered {
  std::string name;
  std::string org_number;
  friend bool operator==(const CompanyRegistered&, const CompanyRegistered&) = default;
};

struct CustomerDetails {
  CustomerKind kind = CustomerKind::kPerson;
  std::string national_id;  // person- or organisationsnummer, digits only
  std::string name;
  std::string street;
  std::string postal_code;
  std::string city;
  std::string country;  // ISO 3166 alpha-2, "SE" by default
  std::string email;
  DeliveryChannel delivery = DeliveryChannel::kPaper;
  // The e-invoice address: a Peppol participant id "<ICD>:<id>" ("0007:5566778899" for a Swedish
  // organisation number), "" for none (domain/einvoice.h: ValidatePeppolId).
  std::string peppol_id;
  friend bool operator==(const CustomerDetails&, const CustomerDetails&) = default;
};

struct CustomerRegistered {
  std::string customer_number;
  CustomerDetails details;
  friend bool operator==(const CustomerRegistered&, const CustomerRegistered&) = default;
};

struct CustomerChanged {
  std::string customer_number;
  CustomerDetails details;  // the full new state
  friend bool operator==(const CustomerChanged&, const CustomerChanged&) = default;
};

struct InvoiceLine {
  std::string description;
  Money net;                    // amount excluding VAT
  int32_t vat_rate_bp = 0;      // 2500 = 25 %
  Money vat;                    // computed by Decide: ApplyBasisPoints(net, vat_rate_bp)
  int32_t revenue_account = 0;  // BAS account, e.g. 3010
  // A 0 % line outside the scope of VAT (ej föremål för moms, e.g. a fee for myndighetsutövning:
  // Peppol category O); otherwise a 0 % line is exempt (undantagen, E).
  bool outside_vat_scope = false;
  friend bool operator==(const InvoiceLine&, const InvoiceLine&) = default;
};

// What the handbook keeps on an invoice besides its amounts (issue 26): who and what it is for,
// the buyer's references an e-invoice carries, the billing system it came from; and, recorded
// by the ledger at issue, where the customer's invoices went then (the channel and e-invoice
// address at issue, not today's).
struct InvoiceAttributes {
  std::string department;                              // förvaltning/avdelning
  std::string handler;                                 // handläggare
  std::string subject;                                 // "fakturan avser"
  std::string buyer_reference;                         // Er referens (the buyer's reference, Peppol BT-10)
  std::string order_reference;                         // the buyer's order number (BT-13)
  std::string billing_system;                          // the billing system (debiteringsrutin) it came from
  std::string source_id;                               // its id there (kalla_id)
  DeliveryChannel delivery = DeliveryChannel::kPaper;  // at issue
  std::string peppol_id;                               // at issue, "" for none
  friend bool operator==(const InvoiceAttributes&, const InvoiceAttributes&) = default;
};

// The caller's attributes of an invoice changed (a missing buyer's reference added, a department
// corrected): the full new set; the channel and e-invoice address at issue stay as recorded.
struct InvoiceAttributesChanged {
  InvoiceNumber invoice_number = 0;
  InvoiceAttributes attributes;
  friend bool operator==(const InvoiceAttributesChanged&, const InvoiceAttributesChanged&) = default;
};

struct InvoiceIssued {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  int32_t routine = 0;
  Date invoice_date;
  Date due_date;
  std::vector<InvoiceLine> lines;
  std::string ocr_reference;
  Money total;  // sum of net + vat of the lines: the invoiced capital (FAKTURERAT)
  InvoiceAttributes attributes;
  friend bool operator==(const InvoiceIssued&, const InvoiceIssued&) = default;
};

struct PaymentReceived {
  std::string payment_id;
  PaymentChannel channel = PaymentChannel::kManual;
  Money amount;
  std::string reference;  // OCR or free text as paid
  std::string payer_name;
  InvoiceNumber intended_invoice = 0;   // 0 = unknown
  std::string method;                   // inbetalningssätt code of a manual entry, "" for none
  bool from_collection_agency = false;  // arrived on one of the agency's giro numbers
  std::string bank_reference;           // the bank's own reference (camt AcctSvcrRef), "" in BgMax
  std::string message;                  // the payer's unstructured message (camt Ustrd)
  friend bool operator==(const PaymentReceived&, const PaymentReceived&) = default;
};

struct PaymentAllocated {
  std::string payment_id;
  InvoiceNumber invoice_number = 0;
  Money fees;
  Money interest;
  Money capital;
  friend bool operator==(const PaymentAllocated&, const PaymentAllocated&) = default;
};

// The part of a payment beyond what the invoice owed, kept as the customer's credit balance.
struct OverpaymentRecorded {
  std::string payment_id;
  std::string customer_number;
  InvoiceNumber invoice_number = 0;
  Money amount;
  friend bool operator==(const OverpaymentRecorded&, const OverpaymentRecorded&) = default;
};

struct InvoiceCredited {
  InvoiceNumber invoice_number = 0;
  std::string credit_note_number;
  Money amount;
  std::string remark;
  std::string method;  // inbetalningssätt code, "" for none
  friend bool operator==(const InvoiceCredited&, const InvoiceCredited&) = default;
};

// Makulering: the remaining balance is removed and the invoice is closed as annulled.
struct InvoiceAnnulled {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  std::string method;  // inbetalningssätt code, "" for none
  friend bool operator==(const InvoiceAnnulled&, const InvoiceAnnulled&) = default;
};

// Debit raises the invoice's balance, e.g. a payment that was wrongly reported.
struct DebitAdjusted {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  std::string method;  // inbetalningssätt code, "" for none
  friend bool operator==(const DebitAdjusted&, const DebitAdjusted&) = default;
};

// Konstaterad kundförlust.
struct WrittenOff {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  std::string method;  // inbetalningssätt code, "" for none
  friend bool operator==(const WrittenOff&, const WrittenOff&) = default;
};

struct NoteAdded {
  InvoiceNumber invoice_number = 0;  // 0: a note on the customer
  std::string customer_number;
  std::string text;
  friend bool operator==(const NoteAdded&, const NoteAdded&) = default;
};

// Configuration of incoming payments for a company (inbetalningsparametrar).
struct PaymentSettingsSet {
  std::string bankgiro;                     // receiving bankgiro number, digits
  Money overpayment_limit;                  // belopp vid överbetalning: kept as income up to this
  Money underpayment_limit;                 // belopp vid underbetalning: written off up to this
  int32_t small_difference_account = 3740;  // öres- och kronutjämning
  uint8_t ocr_control = 0;                  // OcrControl: 0 soft, 1 hard, 2 variable
  // Order inside an invoice: a permutation of F (fees), I (interest), C (capital); "" = FIC.
  std::string allocation_order;
  bool oldest_first = false;                  // a payment whose invoice is unknown goes oldest invoice first
  bool carry_to_next_invoice = false;         // differences within the limits go to the next invoice
  std::vector<std::string> agency_bankgiros;  // a collection agency's giro numbers
  bool ocr_length_digit = false;              // generated OCR references carry a length digit
  uint8_t reference_kind = 0;                 // ReferenceKind of incoming references
  std::string currency;                       // ISO 4217 of claims and files; "" = SEK
  // Bank accounts (IBAN, or BBAN digits) on which the bank reports the receipts in camt.053/054,
  // besides the bankgiro (or instead of it, in Norway).
  std::vector<std::string> bank_accounts;
  // A credit balance pays the customer's next invoice as it is issued (CreditBalanceApplied).
  bool apply_credit_to_new_invoices = false;
  friend bool operator==(const PaymentSettingsSet&, const PaymentSettingsSet&) = default;
};

struct ImportedDeposit {
  Date payment_date;
  int32_t serial = 0;
  friend bool operator==(const ImportedDeposit&, const ImportedDeposit&) = default;
};

// A bank file was read (its payments follow in the same command).
struct PaymentFileImported {
  std::string fingerprint;  // hex SHA-256 of the file's bytes
  std::string format;       // "BGMAX"
  std::string bankgiro;
  std::vector<ImportedDeposit> deposits;
  int32_t payment_count = 0;
  Money total;          // Σ payments − Σ deductions
  bool resend = false;  // the operator confirmed a re-send (omsändning)
  // Each booked payment's identity (PaymentKeys, domain/payment_import.h), so that a payment
  // delivered again (the same file, BgMax and camt.054 of one day, camt.053 and camt.054) is
  // never booked twice.
  std::vector<std::string> payment_keys;
  std::vector<std::string> skipped;  // of a confirmed re-send: the payments already booked
  Money skipped_total;
  std::string message_id;     // camt GrpHdr/MsgId
  int32_t other_entries = 0;  // entries that are not incoming payments (the company's own debits)
  friend bool operator==(const PaymentFileImported&, const PaymentFileImported&) = default;
};

// A difference within the company's limits. amount > 0: an underpayment written off (the
// invoice's balance falls); amount < 0: an overpayment kept as income. Both on `account`.
struct SmallDifferenceWrittenOff {
  std::string payment_id;
  InvoiceNumber invoice_number = 0;
  Money amount;
  int32_t account = 0;
  friend bool operator==(const SmallDifferenceWrittenOff&, const SmallDifferenceWrittenOff&) = default;
};

// A payment that could not be matched: it waits in the unmatched queue, never lost.
struct PaymentUnmatched {
  std::string payment_id;
  Money amount;  // negative for a deduction
  std::string reference;
  std::string payer_name;
  std::string reason;
  friend bool operator==(const PaymentUnmatched&, const PaymentUnmatched&) = default;
};

// Written to disk: never renumber.
enum class Resolution : uint8_t { kAllocated = 0, kBooked = 1, kRefunded = 2 };

// An unmatched payment leaves the queue: allocated to invoices (its PaymentAllocated events
// precede this one), booked to an account, or refunded (RefundIssued precedes this one).
struct UnmatchedPaymentResolved {
  std::string payment_id;
  Resolution resolution = Resolution::kAllocated;
  Money amount;
  int32_t account = 0;  // for kBooked
  std::string text;
  friend bool operator==(const UnmatchedPaymentResolved&, const UnmatchedPaymentResolved&) = default;
};

// Förskott used: the customer's credit balance pays one of the customer's open invoices, split
// inside it like a payment (the company's order: fees, interest, capital by default).
struct CreditBalanceApplied {
  std::string customer_number;
  InvoiceNumber invoice_number = 0;
  Money fees, interest, capital;
  friend bool operator==(const CreditBalanceApplied&, const CreditBalanceApplied&) = default;
};
// Förskott paid back to the customer (utbetalning).
struct CreditBalanceRefunded {
  std::string customer_number;
  Money amount;
  std::string recipient;  // to whom / to which account the money goes
  friend bool operator==(const CreditBalanceRefunded&, const CreditBalanceRefunded&) = default;
};
// A negative invoice (a credit invoice whose balance is below zero, handbook §0) settled: its
// balance moves to the customer's credit balance, from where it is applied or paid out.
struct NegativeInvoiceSettled {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  Money amount;  // > 0: raises the invoice's balance toward zero
  friend bool operator==(const NegativeInvoiceSettled&, const NegativeInvoiceSettled&) = default;
};

// Text registers (handbook 7.4-7.6, 7.9): the words of a letter kind under a text number 1..9,
// chosen per step by the dunning policy (DunningStepPolicy::text_number: 0 is the built-in text, and so is 1,
// the default, until a text is stored under it). Rows are checked against the kind's limits when stored:
// reminders and inkassokrav 15 rows of 53 characters on the invoice form (F) or 77 on datapost (D), restkrav
// 11 x 53 on the invoice form only, hot om betalningsföreläggande 15 x 70. A placeholder counts at its
// widest.
enum class LetterTextKind : uint8_t {
  kReminder = 0,
  kCollectionDemand = 1,
  kResidualDemand = 2,
  kThreat = 3
};
enum class LetterForm : uint8_t { kInvoiceForm = 0, kDatapost = 1 };  // F, D
struct LetterTextSet {
  LetterTextKind kind = LetterTextKind::kReminder;
  int32_t number = 1;
  LetterForm form = LetterForm::kInvoiceForm;
  std::vector<std::string> rows;  // an empty row ends a paragraph
  friend bool operator==(const LetterTextSet&, const LetterTextSet&) = default;
};

// The company's details an invoice states (momslagen 17 kap. 24 §) and an e-invoice carries: its
// address, VAT number, F-skatt, and its own Peppol participant id (issue 26). The full new state.
struct CompanyDetailsSet {
  std::string street, postal_code, city;
  std::string country;     // ISO 3166 alpha-2, "" = SE
  std::string vat_number;  // momsregistreringsnummer, "SE556677889901"; "" = SE<org nr>01
  bool f_skatt = false;    // Godkänd för F-skatt
  std::string peppol_id;   // "" = 0007:<org nr>
  std::string email, phone;
  friend bool operator==(const CompanyDetailsSet&, const CompanyDetailsSet&) = default;
};

// An invoice file from a billing system was imported (issue 26): its customers registered or
// changed and its invoices issued follow in the same command. The fingerprint keeps the same
// file from being imported twice.
struct InvoiceFileImported {
  std::string fingerprint;  // hex SHA-256 of the file's bytes
  std::string format;       // "CSV", "UBL"
  int32_t invoices = 0;
  Money total;  // Σ the invoices' totals
  int32_t customers_registered = 0;
  int32_t customers_changed = 0;
  // Each invoice of the file in its order: the billing system's id ("" none) and its number in
  // the ledger (given by the file or by the ledger).
  std::vector<std::string> source_ids;
  std::vector<InvoiceNumber> numbers;
  // A migration of the old ledger's open items (issue 26, item 6; 0 for an ordinary file): the
  // account the migrated amounts are posted against instead of revenue, VAT, fees, interest and
  // the bank, and the day the old ledger's balances are as of (saldodag). The migrated
  // invoices, charges, dunning steps and what was paid on them follow, each dated when it
  // happened.
  int32_t opening_account = 0;
  Date balance_date;  // 1970-01-01 (day 0) for an ordinary file
  friend bool operator==(const InvoiceFileImported&, const InvoiceFileImported&) = default;
};

// A document the ledger produced (issue 25: "sparade utskrifter"): what it was, the journal
// position it was made from, the inputs that are not in the journal, and the SHA-256 of its
// bytes. Rendering it again from `source_position` with these inputs gives the same bytes, so
// a revisor can prove what a customer was sent and reprint it.
enum class ProducedDocument : uint8_t {
  kDunningLetters = 0,      // the print file of a dunning run (its letters in kontrollista order)
  kInvoiceCopy = 1,         // fakturakopia
  kReplacementInvoice = 2,  // ersättningsfaktura: the remaining amount, the payments listed
  kInvoices = 3,            // invoices as sent (FAKTURA, RÄNTEFAKTURA): a print file of one or more
  kCreditNote = 4,          // kreditfaktura: the InvoiceCredited at source_position
  kAnnulmentNotice = 5,     // annulleringsbesked: the InvoiceAnnulled at source_position
  kAmortisationPlan = 6,    // the plan of the AmortizationPlanEstablished at source_position
  kDunningLetterFiles = 7,  // a run's letters one file each: sha256 of the files' SHA-256 in order
  kEInvoice = 8,            // an invoice or räntefaktura as a Peppol BIS Billing 3.0 e-invoice (UBL)
  kEInvoiceCreditNote = 9   // the InvoiceCredited at source_position as a Peppol credit note (UBL)
};
struct DocumentProduced {
  ProducedDocument kind = ProducedDocument::kInvoiceCopy;
  uint64_t source_position = 0;         // the state and events it was made from: 1..this
                                        // (a credit note's, annulment's or plan's: its record)
  Date date;                            // the document's date (a run's letters: the run date)
  int32_t routine = -1;                 // kDunningLetters: the run's routine, -1 every run that day
  std::vector<InvoiceNumber> invoices;  // the claims it is about (a run's: in its letters)
  std::string handler;                  // handläggare printed on it, "" for the ledger's own
  bool original_date = false;           // a copy dated with the invoice date
  std::string sha256;                   // hex, of the PDF bytes (files a letter, e-invoices: of
                                        // their manifest, sha256sum's lines in order)
  int64_t bytes = 0;
  int32_t pages = 0;
  // The record it is about when that is not source_position: an e-invoice credit note's credit
  // (the company and customer are as at source_position, when it was made). 0 for none.
  uint64_t about_position = 0;
  friend bool operator==(const DocumentProduced&, const DocumentProduced&) = default;
};

struct RefundIssued {
  std::string payment_id;
  Money amount;
  std::string recipient;  // to whom / to which account the money goes back
  friend bool operator==(const RefundIssued&, const RefundIssued&) = default;
};

// Money received on an invoice already written off as a credit loss: income, up to what was
// written off; the invoice stays closed.
struct WriteOffRecovered {
  std::string payment_id;
  InvoiceNumber invoice_number = 0;
  Money amount;
  friend bool operator==(const WriteOffRecovered&, const WriteOffRecovered&) = default;
};

// A payment registered by mistake is undone: its allocations, small differences, credit
// balance and recovery are taken back (the invoices reopen), or it leaves the unmatched queue.
struct ReversedPart {
  InvoiceNumber invoice_number = 0;
  Money fees, interest, capital;  // allocations taken back
  Money small_difference;         // an underpayment write-off taken back
  Money recovered;                // a recovery taken back
  Money carried;                  // an underpayment carried to the next invoice, taken back
  friend bool operator==(const ReversedPart&, const ReversedPart&) = default;
};
struct PaymentReversed {
  std::string payment_id;
  std::string remark;
  std::vector<ReversedPart> parts;
  std::string customer_number;  // whose credit balance loses `overpayment`
  Money overpayment;
  Money unmatched;            // taken out of the unmatched queue
  Money carried_overpayment;  // taken back from what waited for the customer's next invoice
  friend bool operator==(const PaymentReversed&, const PaymentReversed&) = default;
};

// What a charge on a claim is (written to disk: never renumber).
enum class ChargeKind : uint8_t {
  kReminderFee = 0,       // påminnelseavgift
  kCollectionFee = 1,     // inkassoavgift / kravavgift
  kPlanFee = 2,           // avgift för amorteringsplan
  kInvoiceFee = 3,        // fakturaavgift
  kInterest = 4,          // uppdebiterad dröjsmålsränta (InterestCharged; FeeReversed only)
  kLateCompensation = 5,  // förseningsersättning, 450 kr between businesses (räntelagen 4 a §)
  kPaymentOrderCost = 6,  // ansökningsavgift and other costs of a betalningsföreläggande
};
absl::string_view ChargeKindName(ChargeKind k);

// Inbetalningssätt (payment method), a register entry of a company. Special methods (P, K, D)
// act only on the charged reminder fee, collection fee or interest, never beyond what was charged.
enum class MethodSpecial : uint8_t { kNone = 0, kReminderFee = 1, kCollectionFee = 2, kInterest = 3 };
struct PaymentMethodDefined {
  std::string code;          // one character, digit or letter
  std::string text;          // at most 15 characters
  bool debit = false;        // D raises the claim; otherwise K (credit) lowers it
  bool posted = true;        // false: bokföres ej
  bool no_interest = false;  // dröjsmålsfaktureras ej
  MethodSpecial special = MethodSpecial::kNone;
  bool text_only = false;  // a text row, no amount
  int32_t account = 0;     // fixed kontering, 0 for none
  friend bool operator==(const PaymentMethodDefined&, const PaymentMethodDefined&) = default;
};

// A fee on a claim: charged (uppdebiterad, part of the balance) or only noted.
struct FeeCharged {
  InvoiceNumber invoice_number = 0;
  ChargeKind kind = ChargeKind::kReminderFee;
  Money amount;
  bool charged = true;
  std::string text;
  friend bool operator==(const FeeCharged&, const FeeCharged&) = default;
};

// Accrued late-payment interest charged to the claim (uppdebiterad upplupen dröjsmålsränta).
struct InterestCharged {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string text;
  friend bool operator==(const InterestCharged&, const InterestCharged&) = default;
};

// A charged fee or charged interest taken off the claim (P/K/D methods, or a cleared step).
struct FeeReversed {
  InvoiceNumber invoice_number = 0;
  ChargeKind kind = ChargeKind::kReminderFee;
  Money amount;
  std::string method;
  std::string remark;
  friend bool operator==(const FeeReversed&, const FeeReversed&) = default;
};

// Betalningsbevakning: a watch text on a claim ("" clears it). Payments on a claim with a
// watch text appear on the signal list.
struct WatchTextSet {
  InvoiceNumber invoice_number = 0;
  std::string text;
  friend bool operator==(const WatchTextSet&, const WatchTextSet&) = default;
};

// Överföring nästa faktura: a difference within the limits moves to the customer's next
// invoice. amount > 0: an underpayment (the invoice's shortfall leaves it); amount < 0: an
// overpayment (the excess waits for the next invoice).
struct PaymentDifferenceCarried {
  std::string payment_id;
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  Money amount;
  friend bool operator==(const PaymentDifferenceCarried&, const PaymentDifferenceCarried&) = default;
};

// A carried difference lands on a new invoice: amount > 0 raises it, amount < 0 lowers it.
struct CarriedDifferenceApplied {
  InvoiceNumber invoice_number = 0;
  std::string customer_number;
  Money amount;
  friend bool operator==(const CarriedDifferenceApplied&, const CarriedDifferenceApplied&) = default;
};

// ---- Kravverksamhet (dunning and collection) ----

// The steps a claim goes through (written to disk: never renumber). A step's letter is one
// DunningStepIssued event whose type name is the step's (ReminderIssued, ...).
enum class DunningStep : uint8_t {
  kNone = 0,
  kReminder1 = 1,           // påminnelse 1
  kReminder2 = 2,           // påminnelse 2
  kCollectionDemand = 3,    // inkassokrav / kravbrev
  kResidualDemand = 4,      // restkrav / erinran (only after an inkassokrav)
  kPaymentOrderThreat = 5,  // hot om betalningsföreläggande (only after an inkassokrav)
};
inline constexpr int kDunningSteps = 6;  // index 1..5 are letters
absl::string_view DunningStepName(DunningStep s);

// One step of a routine's reminder and demand settings (inställningar påminnelser/krav).
struct DunningStepPolicy {
  int32_t days = -1;            // days after the step's base; -1 = blank: the step is not taken
  int32_t fee_kronor = 0;       // whole kronor (reminder 1/2 and inkassokrav only)
  bool charged = false;         // uppdebiteras: added to the claim; otherwise only noted ("Ej deb")
  bool print_interest = false;  // utskrift av upplupen dröjsmålsränta
  int32_t text_number = 0;      // 1..9, 0 = none
  friend bool operator==(const DunningStepPolicy&, const DunningStepPolicy&) = default;
};

// What the inkassokrav's days count from (DunningPolicySet::demand_base; on disk, never renumber).
inline constexpr uint8_t kDemandFromReminder1 = 1;
inline constexpr uint8_t kDemandFromReminder2 = 2;
inline constexpr uint8_t kDemandFromDueDate = 9;

// Kravparametrar and the reminder/demand settings of one billing routine (0 = the company's
// default for routines without their own).
struct DunningPolicySet {
  int32_t routine = 0;
  DunningStepPolicy reminder1, reminder2, demand, residual, threat;
  uint8_t demand_base = 1;                 // inkassokrav counted from: kDemandFrom… below
  bool charge_interest_at_demand = false;  // uppdebitering av upplupen ränta (needs print_interest)
  bool fees_agreed = false;                // fees are charged or noted only where agreed
  Money no_fee_below;                      // no fee on claims under this (not a sending threshold)
  int32_t max_letters_per_month = 2;       // letters per claim within 30 days
  Money plan_min_total;                    // an amortisation plan must cover more than this
  int32_t plan_approval_months = 12;       // longer plans need an approver
  int32_t plan_fee_kronor = 0;             // avgift för amorteringsplan (where agreed)
  int32_t plan_grace_days = 0;             // an instalment is missed this many days after its date
  int32_t max_runs_per_month = 0;          // reminder runs of the routine per calendar month; 0 = no limit
  friend bool operator==(const DunningPolicySet&, const DunningPolicySet&) = default;
};

// Kravkod: one digit 1-9 with what it suppresses while it is in force.
enum DunningCodeFlag : uint32_t {
  kCodeNoInvoice = 1 << 0,
  kCodeNoReminder1 = 1 << 1,
  kCodeNoReminder2 = 1 << 2,
  kCodeNoDemand = 1 << 3,
  kCodeNoInterest = 1 << 4,
  kCodeNoInterestInDeferral = 1 << 5,
  kCodeNoThreat = 1 << 6,
  kCodeNoResidual = 1 << 7,
  kCodeFlagsAll = (1 << 8) - 1,
};
struct DunningCodeDefined {
  uint8_t code = 0;  // 1..9
  std::string text;  // at most 15 characters
  uint32_t flags = 0;
  friend bool operator==(const DunningCodeDefined&, const DunningCodeDefined&) = default;
};
struct DunningCodeAssigned {
  InvoiceNumber invoice_number = 0;
  uint8_t code = 0;
  std::optional<Date> until;  // after this date dunning resumes by itself; none = until removed
  friend bool operator==(const DunningCodeAssigned&, const DunningCodeAssigned&) = default;
};
struct DunningCodeRemoved {
  InvoiceNumber invoice_number = 0;
  uint8_t code = 0;
  friend bool operator==(const DunningCodeRemoved&, const DunningCodeRemoved&) = default;
};

// A letter of the dunning run. Its fee follows as FeeCharged (charged or only noted).
struct DunningStepIssued {
  InvoiceNumber invoice_number = 0;
  DunningStep step = DunningStep::kReminder1;
  Money claim;  // the claim's balance when the letter was made
  Money fee;    // the step's fee (0 when none)
  bool fee_charged = false;
  Money customer_credit;  // the customer's credit balance the letter states (netted, not covering)
  friend bool operator==(const DunningStepIssued&, const DunningStepIssued&) = default;
};

// A step's date is blanked so that it can be taken again. Its charged fee is taken off by a
// FeeReversed before this event; `noted_removed` is its noted fee taken off the "Ej deb" field.
struct DunningStepCleared {
  InvoiceNumber invoice_number = 0;
  DunningStep step = DunningStep::kReminder1;
  Money noted_removed;
  std::string remark;
  friend bool operator==(const DunningStepCleared&, const DunningStepCleared&) = default;
};

// The end of one dunning run (its letters precede it in the same command).
struct DunningRunCompleted {
  Date run_date;
  int32_t routine = 0;                                // 0 = all
  InvoiceNumber first_invoice = 0, last_invoice = 0;  // 0 = no limit
  int32_t letters = 0;
  Money fees_charged, fees_noted;
  int32_t plans_ended = 0;
  std::vector<InvoiceNumber> covered_by_credit;  // due, but the customer's credit balance covers them
  friend bool operator==(const DunningRunCompleted&, const DunningRunCompleted&) = default;
};

// Förfallodag flyttad: dunning counts from the new date.
struct DueDateChanged {
  InvoiceNumber invoice_number = 0;
  Date due_date;
  std::string remark;
  friend bool operator==(const DueDateChanged&, const DueDateChanged&) = default;
};

// Anstånd: asked for before the due date; dunning waits until `until` (at most three months
// after the due date); interest still runs from the due date.
struct DeferralGranted {
  InvoiceNumber invoice_number = 0;
  Date requested_on;
  Date until;
  std::string reason;  // why it improves the chance of payment
  friend bool operator==(const DeferralGranted&, const DeferralGranted&) = default;
};

struct PlanInstalment {
  Date date;
  Money amount;   // including the notification fee
  Money fees;     // of which: fees and accrued interest up to the plan date, first
  Money capital;  // of which: capital
  Money notification_fee;
  Money interest;  // of which: new interest since the last payment day (after the fees)
  friend bool operator==(const PlanInstalment&, const PlanInstalment&) = default;
};
// A claim outside the ledger (handbook 7.18, Övriga fordringar): capital with its due date
// (interest computed up to the plan date), or with its interest given (no due date), or,
// with neither, a fee (placed in the first instalments, bearing no interest).
struct OutsideClaim {
  std::string text;
  Money amount;
  std::optional<Date> due_date;
  std::optional<Money> interest;  // given, or computed from the due date to the plan date
  bool is_fee() const { return !due_date && !interest; }
  friend bool operator==(const OutsideClaim&, const OutsideClaim&) = default;
};
// Written to disk: never renumber.
enum class PlanInterest : uint8_t {
  kOrdinary = 0,       // plans made before plans carried interest: the claims' own interest runs
  kPerPaymentDay = 1,  // the accrued interest is charged at the plan and at each payment
  kNone = 2,           // Ej ränta: no interest from the day after the plan date while it runs
};
// Amorteringsplan over claims of one customer (and claims outside the ledger).
struct AmortizationPlanEstablished {
  std::string plan_id;
  std::string customer_number;
  std::vector<InvoiceNumber> invoices;
  std::vector<OutsideClaim> outside;
  Money ledger_debt;  // the claims' balances when the plan was made (with its fee)
  Money total;        // ledger_debt + outside claims
  std::vector<PlanInstalment> instalments;
  std::string approved_by;  // needed beyond the policy's month limit
  bool autogiro_offered = false;
  PlanInterest interest = PlanInterest::kOrdinary;
  int32_t rate_bp = 0;     // the instalments' interest: reference rate on the plan date + margin
  Money accrued_interest;  // up to the plan date, in the fees: the claims' and the outside claims'
  friend bool operator==(const AmortizationPlanEstablished&, const AmortizationPlanEstablished&) = default;
};
// Written to disk: never renumber.
enum class PlanEnd : uint8_t { kCompleted = 0, kMissedInstalment = 1, kCancelled = 2 };
struct AmortizationPlanEnded {
  std::string plan_id;
  std::string customer_number;
  std::vector<InvoiceNumber> invoices;  // the plan's claims (dunning resumes on the open ones)
  PlanEnd reason = PlanEnd::kCompleted;
  std::string remark;
  friend bool operator==(const AmortizationPlanEnded&, const AmortizationPlanEnded&) = default;
};

// Betalningsföreläggande: one debtor's claims (up to 16, across companies) applied for at
// Kronofogden.
struct PaymentOrderClaim {
  CompanyId company = 0;
  InvoiceNumber invoice_number = 0;
  Money capital;
  Money fees;      // charged reminder and collection fees still open
  Money interest;  // charged interest still open
  friend bool operator==(const PaymentOrderClaim&, const PaymentOrderClaim&) = default;
};
struct PaymentOrderApplied {
  std::string application_id;
  std::string national_id;
  std::vector<PaymentOrderClaim> claims;
  Money costs;                       // ansökningsavgift and other costs of the case
  uint8_t interest_alternative = 1;  // 1 = reference rate + 8 % (6 § räntelagen), 3 = none
  friend bool operator==(const PaymentOrderApplied&, const PaymentOrderApplied&) = default;
};

// Överföring till inkasso: the claim goes to a collection agency with a kravkod and a watch
// text. When it is zeroed, the zeroing payment and fee reversals precede this event.
struct TransferredToCollection {
  InvoiceNumber invoice_number = 0;
  std::string agency;
  uint8_t code = 0;
  std::string watch_text;
  Money claim;  // the balance handed over
  bool zeroed = false;
  friend bool operator==(const TransferredToCollection&, const TransferredToCollection&) = default;
};

// ---- Dröjsmålsränta (late-payment interest) ----

// Riksbanken's reference rate (referensränta) from `effective` on, shared by all companies:
// hundredths of a percent (-50 = -0,50 %). A later event for the same date corrects it.
struct ReferenceRateSet {
  Date effective;
  int32_t rate_bp = 0;
  std::string source;  // where the figure comes from (SFS number, Riksbanken's table)
  friend bool operator==(const ReferenceRateSet&, const ReferenceRateSet&) = default;
};

// A company's interest parameters (kravparametrar, Övrigt).
struct InterestPolicySet {
  int32_t margin_bp = 800;               // ränta utöver referensräntan: 8 pp (räntelagen 6 §)
  bool from_day_after = true;            // from the day after the due date (räntelagen 3 §); false: from it
  int32_t start_after_invoice_days = 0;  // interest no earlier than invoice date + this
  int32_t min_interest_kronor = 0;       // minsta ränta: smaller interest is not invoiced
  int32_t min_days_late = 0;             // paid at least this many days after the due date
  bool estates_exempt = true;            // no interest on claims against a dödsbo
  bool late_compensation = false;        // förseningsersättning 450 kr for business customers
  int32_t invoice_due_days = 10;         // interest invoices fall due this many days ahead
  int32_t revenue_account = 8313;        // ränteintäkter från kundfordringar
  friend bool operator==(const InterestPolicySet&, const InterestPolicySet&) = default;
};

// Dröjsmålsränta invoiced on a fully paid claim: the interest invoice (routine + 50, the same
// number otherwise) is issued by the InvoiceIssued just before this event. `amount` is the
// interest of `days` days less what was charged or recorded as paid before (`deducted`).
struct InterestInvoiced {
  InvoiceNumber invoice_number = 0;    // the original claim
  InvoiceNumber interest_invoice = 0;  // the new claim (or the next invoice, on a transfer)
  Money interest;                      // the definitive interest of the claim
  Money deducted;                      // charged or paid accrued interest taken off
  Money amount;                        // interest - deducted: what is invoiced
  int32_t days = 0;                    // räntedagar
  Date paid_on;                        // slutbetalningsdatum
  Money compensation;                  // förseningsersättning invoiced with it (4 a §)
  friend bool operator==(const InterestInvoiced&, const InterestInvoiced&) = default;
};
// The same, carried to the customer's next invoice instead (its interest rises by `amount`).
struct InterestTransferredToNextInvoice : InterestInvoiced {
  friend bool operator==(const InterestTransferredToNextInvoice&,
                         const InterestTransferredToNextInvoice&) = default;
};

// Inbetald upplupen ränta: the customer paid accrued interest that was never charged.
struct PaidInterestRecorded {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  friend bool operator==(const PaidInterestRecorded&, const PaidInterestRecorded&) = default;
};

// Kontering: the accounts a company posts to (BAS defaults below), for the whole company
// (routine 0) or for one routine, whose receivables and revenue accounts may differ.
struct AccountPlanSet {
  int32_t routine = 0;
  int32_t receivables = 1510;                          // kundfordringar
  int32_t carried = 1689;                              // differences waiting for the next invoice
  int32_t bank = 1930;                                 // bankgiro / företagskonto
  int32_t customer_credit = 2420;                      // förskott och tillgodohavanden från kunder
  int32_t unallocated = 2893;                          // oplacerade inbetalningar (the unmatched queue)
  int32_t vat_25 = 2611, vat_12 = 2621, vat_6 = 2631;  // utgående moms
  int32_t fee_revenue = 3590;                          // påminnelse-, krav-, plan- och fakturaavgifter
  int32_t rounding = 3740;                             // öres- och kronutjämning (small differences)
  int32_t credit_losses = 6351;                        // konstaterade förluster på kundfordringar
  int32_t interest_revenue = 8313;                     // ränteintäkter från kundfordringar
  int32_t debit_adjustments = 2890;                    // the other side of a debit (a wrongly placed payment)
  friend bool operator==(const AccountPlanSet&, const AccountPlanSet&) = default;
};

// Periodstängning: the company's books are closed through `through`. The chain head before this
// record is sealed in it (position and hash), so a later verification proves nothing before
// the close changed. Afterwards an event dated in the closed period is refused, or moved to
// the first open day when `move_to_open` (the company's choice, bokföringslagen practice).
struct PeriodClosed {
  Date through;
  bool move_to_open = false;
  uint64_t sealed_position = 0;
  std::string sealed_hash;  // hex SHA-256 of the record at sealed_position ("" when 0)
  friend bool operator==(const PeriodClosed&, const PeriodClosed&) = default;
};

// Rensning: paid claims leave the active projections (the journal keeps every record). The
// claims had balance zero and were slutbetalda, with every movement dated, before
// `paid_before`; as-of queries on days before it still show them, and no later command may
// touch them. One archiving command writes one event per kArchiveInvoicesPerEvent claims.
struct InvoicesArchived {
  Date paid_before;
  std::vector<InvoiceNumber> invoices;  // ascending
  friend bool operator==(const InvoicesArchived&, const InvoicesArchived&) = default;
};
inline constexpr size_t kArchiveInvoicesPerEvent = 10'000;

// The verifikation numbers of one fiscal year a posting run hands over (series R).
struct PostingRange {
  int32_t year = 0;
  int64_t first = 0, last = 0;
  friend bool operator==(const PostingRange&, const PostingRange&) = default;
};

// Uppdatera bokföring: the verifikationer of journal positions from_position..to_position
// go to the general ledger with bokföringsdatum `posting_date`. Runs of a company follow each
// other without a gap or an overlap, so every verifikation is handed over exactly once.
struct PostingRunCompleted {
  Date posting_date;
  uint64_t from_position = 0, to_position = 0;
  int64_t verifikationer = 0;
  Money debit_total;                 // the sum of the debit lines
  std::vector<PostingRange> ranges;  // by year
  friend bool operator==(const PostingRunCompleted&, const PostingRunCompleted&) = default;
};

// Fyra ögon (four-eyes): which reducing commands of a company need a second user's approval.
// A command the policy covers writes an ApprovalRequested instead of its effect; another user's
// approval writes ApprovalDecided followed by the effect, a rejection only ApprovalDecided.
struct ApprovalPolicySet {
  bool annulment = false;  // every makulering
  bool write_off = false;  // write-offs of at least write_off_from
  Money write_off_from;    // 0: every write-off
  friend bool operator==(const ApprovalPolicySet&, const ApprovalPolicySet&) = default;
};
enum class ApprovalKind : uint8_t { kAnnulment = 1, kWriteOff = 2 };

// A request for approval, numbered per company from 1. It holds the effect exactly as the
// approver sees it: the amount, remark, transaktionsdatum and method are applied unchanged, and
// only while the invoice is still at `invoice_version` (this request is its last event).
struct ApprovalRequested {
  int64_t request_id = 0;
  ApprovalKind kind = ApprovalKind::kAnnulment;
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  Date transaction_date;
  std::string method;  // inbetalningssätt code, "" for none
  int64_t invoice_version = 0;
  friend bool operator==(const ApprovalRequested&, const ApprovalRequested&) = default;
};

// The decision on a request, by a user other than the requester (the requester may only
// withdraw it: a rejection of their own). Approval is followed in the same command by the
// effect (InvoiceAnnulled or WrittenOff).
struct ApprovalDecided {
  int64_t request_id = 0;
  InvoiceNumber invoice_number = 0;
  bool approved = false;
  std::string reason;
  friend bool operator==(const ApprovalDecided&, const ApprovalDecided&) = default;
};

// The order of the alternatives is not an on-disk format (the codec maps each by name).
using EventBody =
    std::variant<CompanyRegistered, CustomerRegistered, CustomerChanged, InvoiceIssued, PaymentReceived,
                 PaymentAllocated, OverpaymentRecorded, InvoiceCredited, InvoiceAnnulled, DebitAdjusted,
                 WrittenOff, NoteAdded, PaymentSettingsSet, PaymentFileImported, SmallDifferenceWrittenOff,
                 PaymentUnmatched, UnmatchedPaymentResolved, RefundIssued, WriteOffRecovered, PaymentReversed,
                 PaymentMethodDefined, FeeCharged, InterestCharged, FeeReversed, WatchTextSet,
                 PaymentDifferenceCarried, CarriedDifferenceApplied, DunningPolicySet, DunningCodeDefined,
                 DunningCodeAssigned, DunningCodeRemoved, DunningStepIssued, DunningStepCleared,
                 DunningRunCompleted, DueDateChanged, DeferralGranted, AmortizationPlanEstablished,
                 AmortizationPlanEnded, PaymentOrderApplied, TransferredToCollection, ReferenceRateSet,
                 InterestPolicySet, InterestInvoiced, InterestTransferredToNextInvoice, PaidInterestRecorded,
                 PeriodClosed, AccountPlanSet, InvoicesArchived, PostingRunCompleted, ApprovalPolicySet,
                 ApprovalRequested, ApprovalDecided, CreditBalanceApplied, CreditBalanceRefunded,
                 NegativeInvoiceSettled, DocumentProduced, LetterTextSet, InvoiceFileImported,
                 CompanyDetailsSet, InvoiceAttributesChanged>;

// What every event carries besides its body. The journal adds position and hashes.
struct EventMeta {
  absl::Time recorded_at;  // inrapporteringsdatum, UTC, from the injected clock
  Date effective_date;     // transaktionsdatum
  CompanyId company = 0;
  std::string actor;
  std::string command_id;
  friend bool operator==(const EventMeta&, const EventMeta&) = default;
};

// The special members are defined once, in events.cc: a copy, move, destruction or comparison
// of the 60-odd alternative variant instantiates its whole machinery, which cost every file that
// copied an event several seconds of compile time.
struct Event {
  Event();
  Event(EventMeta m, EventBody b);
  Event(const Event&);
  Event(Event&&) noexcept;
  Event& operator=(const Event&);
  Event& operator=(Event&&) noexcept;
  ~Event();
  EventMeta meta;
  EventBody body;
  friend bool operator==(const Event&, const Event&);
};

absl::string_view EventTypeName(const EventBody& body);

// Streams an event belongs to, for optimistic concurrency and the stream indexes.
struct StreamId {
  // kRegister: a register shared by all companies (key: its name, company 0).
  enum class Kind : uint8_t {
    kCompany = 0,
    kCustomer = 1,
    kInvoice = 2,
    kPaymentFile = 3,
    kPayment = 4,
    kRegister = 5
  };
  Kind kind;
  CompanyId company;
  std::string key;  // customer number, or the 9-digit invoice number
  friend bool operator==(const StreamId&, const StreamId&) = default;
  friend bool operator<(const StreamId& a, const StreamId& b) {
    return std::tie(a.kind, a.company, a.key) < std::tie(b.kind, b.company, b.key);
  }
};
std::vector<StreamId> StreamsOf(const Event& e);
// The claims among StreamsOf(e), as (company, invoice number), without building StreamIds:
// what Apply needs for every event.
absl::InlinedVector<std::pair<CompanyId, InvoiceNumber>, 4> InvoicesOf(const Event& e);
StreamId InvoiceStream(CompanyId c, InvoiceNumber n);
StreamId CustomerStream(CompanyId c, absl::string_view customer);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_EVENTS_H_
