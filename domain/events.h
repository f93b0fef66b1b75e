// The event catalogue of the ledger (affärshändelser), as plain C++ values.
// Events are facts: once recorded they are never changed. Their on-disk form is
// journal/codec (Cap'n Proto); these structs never see a serialisation library.
#ifndef RESKONTRA_DOMAIN_EVENTS_H_
#define RESKONTRA_DOMAIN_EVENTS_H_

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"

namespace reskontra {

// Written to disk: never renumber these enums.
enum class CustomerKind : uint8_t { kPerson = 0, kOrganisation = 1 };
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
  friend bool operator==(const InvoiceLine&, const InvoiceLine&) = default;
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
  friend bool operator==(const InvoiceIssued&, const InvoiceIssued&) = default;
};

struct PaymentReceived {
  std::string payment_id;
  PaymentChannel channel = PaymentChannel::kManual;
  Money amount;
  std::string reference;  // OCR or free text as paid
  std::string payer_name;
  InvoiceNumber intended_invoice = 0;  // 0 = unknown
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
  friend bool operator==(const InvoiceCredited&, const InvoiceCredited&) = default;
};

// Makulering: the remaining balance is removed and the invoice is closed as annulled.
struct InvoiceAnnulled {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  friend bool operator==(const InvoiceAnnulled&, const InvoiceAnnulled&) = default;
};

// Debit raises the invoice's balance, e.g. a payment that was wrongly reported.
struct DebitAdjusted {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
  friend bool operator==(const DebitAdjusted&, const DebitAdjusted&) = default;
};

// Konstaterad kundförlust.
struct WrittenOff {
  InvoiceNumber invoice_number = 0;
  Money amount;
  std::string remark;
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
  friend bool operator==(const ReversedPart&, const ReversedPart&) = default;
};
struct PaymentReversed {
  std::string payment_id;
  std::string remark;
  std::vector<ReversedPart> parts;
  std::string customer_number;  // whose credit balance loses `overpayment`
  Money overpayment;
  Money unmatched;  // taken out of the unmatched queue
  friend bool operator==(const PaymentReversed&, const PaymentReversed&) = default;
};

// The order of the alternatives is not an on-disk format (the codec maps each by name).
using EventBody = std::variant<CompanyRegistered, CustomerRegistered, CustomerChanged, InvoiceIssued,
                               PaymentReceived, PaymentAllocated, OverpaymentRecorded, InvoiceCredited,
                               InvoiceAnnulled, DebitAdjusted, WrittenOff, NoteAdded, PaymentSettingsSet,
                               PaymentFileImported, SmallDifferenceWrittenOff, PaymentUnmatched,
                               UnmatchedPaymentResolved, RefundIssued, WriteOffRecovered, PaymentReversed>;

// What every event carries besides its body. The journal adds position and hashes.
struct EventMeta {
  absl::Time recorded_at;  // inrapporteringsdatum, UTC, from the injected clock
  Date effective_date;     // transaktionsdatum
  CompanyId company = 0;
  std::string actor;
  std::string command_id;
  friend bool operator==(const EventMeta&, const EventMeta&) = default;
};

struct Event {
  EventMeta meta;
  EventBody body;
  friend bool operator==(const Event&, const Event&) = default;
};

absl::string_view EventTypeName(const EventBody& body);

// Streams an event belongs to, for optimistic concurrency and the stream indexes.
struct StreamId {
  enum class Kind : uint8_t { kCompany = 0, kCustomer = 1, kInvoice = 2, kPaymentFile = 3, kPayment = 4 };
  Kind kind;
  CompanyId company;
  std::string key;  // customer number, or the 9-digit invoice number
  friend bool operator==(const StreamId&, const StreamId&) = default;
  friend bool operator<(const StreamId& a, const StreamId& b) {
    return std::tie(a.kind, a.company, a.key) < std::tie(b.kind, b.company, b.key);
  }
};
std::vector<StreamId> StreamsOf(const Event& e);
StreamId InvoiceStream(CompanyId c, InvoiceNumber n);
StreamId CustomerStream(CompanyId c, absl::string_view customer);

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_EVENTS_H_
