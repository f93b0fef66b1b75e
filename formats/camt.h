// ISO 20022 bank-to-customer messages with incoming payments, read with libxml2:
//   camt.054 BankToCustomerDebitCreditNotification (Handelsbanken, Danske Bank, Nordea … send
//            it in place of BgMax from 2026), versions .001.02 and .001.08;
//   camt.053 BankToCustomerStatement, the same versions: its credit entries, and its opening
//            and closing balances checked (OPBD/PRCD + credits − debits = CLBD), not booked.
// The version is read from the namespace; another version is refused by name. The file is
// validated against the message's ISO 20022 XSD (formats/schemas/, shipped under the ISO 20022
// IPR policy) as it streams, and the parser refuses a DOCTYPE, entities, network access and
// nesting deeper than limits::kXmlDepthMax: no external entity (XXE), no billion laughs.
// Any defect refuses the whole file with the element and its line: nothing is half-read.
//
// What the import reads (domain/payment_file.h), per Ntfctn/Stmt and its Ntry:
//   account      Acct/Id/IBAN, or Acct/Id/Othr/Id: with SchmeNm/Prtry BGNR a bankgiro number,
//                else a domestic account (BBAN); currency from the entry's Amt@Ccy
//   deposit      one per booked entry (Sts BOOK; another status refuses the file): the
//                booking date (BookgDt, else ValDt), amount signed by CdtDbtInd
//   payments     one per TxDtls (a batch entry has many; an entry without TxDtls is one
//                payment): amount (TxDtls/Amt, else AmtDtls/TxAmt or InstdAmt, else the entry's),
//                the bank's reference (Refs/AcctSvcrRef, else the entry's, numbered in a batch),
//                the debtor (RltdPties/Dbtr[/Pty]/Nm, Id/OrgId|PrvtId/Othr/Id, DbtrAcct),
//                the references (RmtInf/Strd: CdtrRefInf/Ref, e.g. SCOR with the OCR number or
//                the Norwegian KID, else RfrdDocInf/Nb; with RmtdAmt, or CdtNoteAmt/CREN as a
//                negative amount), and RmtInf/Ustrd kept as the payer's message
//   debits       a DBIT entry or transaction that reverses or returns a receipt (RvslInd, a
//                return code RRTN/ARET/… or RtrInf) is a negative payment for the unmatched
//                queue; other debits (the company's own payments) are not receipts, are not
//                read, and are counted in other_entries
// The transactions of an entry must add up to it, and TxsSummry's counts and sums to the
// entries, to the öre.
//
//   ASSIGN_OR_RETURN(IncomingPaymentFile file, ParseCamt(bytes));   // format "CAMT054"/"CAMT053"
#ifndef RESKONTRA_FORMATS_CAMT_H_
#define RESKONTRA_FORMATS_CAMT_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/payment_file.h"

namespace reskontra {

// INVALID_ARGUMENT naming the element and line for any defect, and for a message or version
// the ledger does not read.
absl::StatusOr<IncomingPaymentFile> ParseCamt(absl::string_view bytes);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_CAMT_H_
