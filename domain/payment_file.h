// An incoming-payments file as the ledger reads it, whatever the bank's format: deposits on
// the company's receiving account, each with its payments, their references and payers.
// formats/ reads the bank's bytes (BgMax, camt.054, camt.053) into this shape; the import
// rule (domain/payment_import.h) turns it into one command's events.
//
//   ASSIGN_OR_RETURN(BgMaxFile bgmax, ParseBgMax(bytes));
//   IncomingPaymentFile file = ToIncomingPaymentFile(bgmax);
//   ASSIGN_OR_RETURN(IncomingPaymentFile camt, ParseCamt(bytes));   // formats/camt.h
#ifndef RESKONTRA_DOMAIN_PAYMENT_FILE_H_
#define RESKONTRA_DOMAIN_PAYMENT_FILE_H_

#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"

namespace reskontra {

// A reference with its own amount (BgMax TK22/TK23): the payment is split by them.
struct IncomingReference {
  std::string reference;
  Money amount;  // negative: a credit note the payer deducted
  friend bool operator==(const IncomingReference&, const IncomingReference&) = default;
};

struct IncomingPayment {
  bool deduction = false;  // avdrag (BgMax TK21) or a debit entry (camt DBIT): reduces the deposit
  int deduction_code = 0;
  std::string deduction_text;  // why, when the format says more than a code (a camt return)
  std::string sender_account;  // the payer's giro number (a collection agency's is marked)
  std::string reference;
  // Several references and no amounts for them: the payment is split by hand.
  bool several_references = false;
  Money amount;  // as in the file (positive); a deduction's effect is negative
  std::vector<IncomingReference> extra_references;
  std::string payer_name;
  std::string payer_org_number;  // organisation or personal number, digits
  std::string bank_reference;    // the bank's own reference for the payment (camt AcctSvcrRef)
  std::string message;           // the payer's unstructured message (camt Ustrd)
  friend bool operator==(const IncomingPayment&, const IncomingPayment&) = default;
};

struct IncomingDeposit {
  std::string bankgiro;  // the receiving bankgiro, digits without leading zeros ("" if not given)
  std::string account;   // or the receiving bank account: IBAN, or BBAN digits (camt)
  std::string currency;  // ISO 4217 as the file states it; "" = not stated
  Date payment_date;
  int serial = 0;  // the bank's serial number of the deposit (insättning); 0: none (camt)
  Money amount;    // Σ payments − Σ deductions, as the format checked
  std::vector<IncomingPayment> payments;
  friend bool operator==(const IncomingDeposit&, const IncomingDeposit&) = default;
};

struct IncomingPaymentFile {
  std::string format;         // as PaymentFileImported records it: "BGMAX", "CAMT054", "CAMT053"
  bool test = false;          // a test file, never imported
  std::string message_id;     // camt GrpHdr/MsgId: the same message twice is a re-send
  int32_t other_entries = 0;  // entries that are not incoming payments (camt: the company's own debits)
  std::vector<IncomingDeposit> deposits;
  friend bool operator==(const IncomingPaymentFile&, const IncomingPaymentFile&) = default;
};

}  // namespace reskontra

#endif  // RESKONTRA_DOMAIN_PAYMENT_FILE_H_
