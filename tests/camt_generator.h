// Writes ISO 20022 camt.054 and camt.053 messages (versions .001.02 and .001.08) that validate
// against their schemas, for tests, the fuzz corpus and the import benchmark: one Ntfctn/Stmt
// per file, entries with their transactions, references and parties.
#ifndef RESKONTRA_TESTS_CAMT_GENERATOR_H_
#define RESKONTRA_TESTS_CAMT_GENERATOR_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "formats/bgmax.h"

namespace reskontra::testing {

struct CamtReference {
  std::string ref;               // CdtrRefInf/Ref (SCOR)
  int64_t remitted_ore = -1;     // RfrdDocAmt/RmtdAmt; -1: none
  int64_t credit_note_ore = -1;  // a credit note (RfrdDocInf CREN, CdtNoteAmt); -1: none
};

struct CamtTx {
  int64_t ore = 0;
  bool debit = false;               // only with a debit entry, or mixed in a batch
  std::string bank_ref;             // Refs/AcctSvcrRef
  std::string debtor, org_number;   // RltdPties/Dbtr
  std::vector<CamtReference> refs;  // RmtInf/Strd
  std::vector<std::string> ustrd;   // RmtInf/Ustrd
  std::string return_reason;        // RtrInf/Rsn/Cd
  bool amount_element = true;       // .001.08 TxDtls/Amt, else AmtDtls/TxAmt/Amt
};

struct CamtEntry {
  int64_t ore = 0;  // computed from the transactions when 0 and there are some
  bool debit = false;
  bool reversal = false;  // RvslInd
  std::string status = "BOOK";
  std::string date = "2026-12-01";
  std::string bank_ref;  // AcctSvcrRef
  std::string family = "RCDT", sub_family = "DMCT";
  std::string currency;  // default: the file's
  std::vector<CamtTx> txs;
  bool batch_count = false;  // NtryDtls/Btch/NbOfTxs
};

struct CamtFile {
  int message = 54;  // 54 or 53
  int version = 2;   // 2 or 8
  std::string msg_id = "MSG-1";
  std::string iban;                  // Acct/Id/IBAN, else
  std::string bankgiro = "9912346";  // Acct/Id/Othr/Id with SchmeNm/Prtry BGNR
  std::string currency = "SEK";
  std::vector<CamtEntry> entries;
  bool summary = true;      // TxsSummry
  int64_t opening_ore = 0;  // camt.053: OPBD; CLBD from the entries unless closing_ore is set
  int64_t closing_ore = -1;
};

inline std::string CamtAmount(int64_t ore) { return absl::StrFormat("%d.%02d", ore / 100, ore % 100); }

inline int64_t CamtEntryOre(const CamtEntry& e) {
  if (e.ore != 0 || e.txs.empty()) return e.ore;
  int64_t sum = 0;
  for (const CamtTx& t : e.txs) sum += (t.debit == e.debit ? 1 : -1) * t.ore;
  return sum;
}

inline std::string WriteCamt(const CamtFile& f) {
  const bool v8 = f.version == 8;
  const std::string name = absl::StrFormat("camt.%03d.001.%02d", f.message, f.version);
  const char* root = f.message == 54 ? "BkToCstmrDbtCdtNtfctn" : "BkToCstmrStmt";
  const char* report = f.message == 54 ? "Ntfctn" : "Stmt";
  std::string x = absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:", name,
      "\">\n<", root, ">\n<GrpHdr><MsgId>", f.msg_id,
      "</MsgId><CreDtTm>2026-12-01T06:00:00</CreDtTm></GrpHdr>\n<", report, "><Id>", f.msg_id,
      "-1</Id><CreDtTm>2026-12-01T06:00:00</CreDtTm>\n<Acct><Id>");
  if (!f.iban.empty()) {
    absl::StrAppend(&x, "<IBAN>", f.iban, "</IBAN>");
  } else {
    absl::StrAppend(&x, "<Othr><Id>", f.bankgiro, "</Id><SchmeNm><Prtry>BGNR</Prtry></SchmeNm></Othr>");
  }
  absl::StrAppend(&x, "</Id><Ccy>", f.currency, "</Ccy></Acct>\n");
  int64_t credits = 0, debits = 0, n_credit = 0, n_debit = 0;
  for (const CamtEntry& e : f.entries) {
    const int64_t ore = CamtEntryOre(e);
    (e.debit ? debits : credits) += ore;
    ++(e.debit ? n_debit : n_credit);
  }
  auto balance = [&](const char* code, int64_t ore) {
    absl::StrAppend(&x, "<Bal><Tp><CdOrPrtry><Cd>", code, "</Cd></CdOrPrtry></Tp><Amt Ccy=\"", f.currency,
                    "\">", CamtAmount(ore < 0 ? -ore : ore), "</Amt><CdtDbtInd>", ore < 0 ? "DBIT" : "CRDT",
                    "</CdtDbtInd><Dt><Dt>2026-12-01</Dt></Dt></Bal>\n");
  };
  if (f.message == 53) {
    balance("OPBD", f.opening_ore);
    balance("CLBD", f.closing_ore >= 0 ? f.closing_ore : f.opening_ore + credits - debits);
  }
  if (f.summary) {
    absl::StrAppend(&x, "<TxsSummry><TtlNtries><NbOfNtries>", f.entries.size(), "</NbOfNtries></TtlNtries>",
                    "<TtlCdtNtries><NbOfNtries>", n_credit, "</NbOfNtries><Sum>", CamtAmount(credits),
                    "</Sum></TtlCdtNtries><TtlDbtNtries><NbOfNtries>", n_debit, "</NbOfNtries><Sum>",
                    CamtAmount(debits), "</Sum></TtlDbtNtries></TxsSummry>\n");
  }
  for (const CamtEntry& e : f.entries) {
    const std::string ccy = e.currency.empty() ? f.currency : e.currency;
    absl::StrAppend(
        &x, "<Ntry><Amt Ccy=\"", ccy, "\">", CamtAmount(CamtEntryOre(e)), "</Amt><CdtDbtInd>",
        e.debit ? "DBIT" : "CRDT", "</CdtDbtInd>", e.reversal ? "<RvslInd>true</RvslInd>" : "",
        v8 ? absl::StrCat("<Sts><Cd>", e.status, "</Cd></Sts>") : absl::StrCat("<Sts>", e.status, "</Sts>"),
        "<BookgDt><Dt>", e.date, "</Dt></BookgDt><ValDt><Dt>", e.date, "</Dt></ValDt>",
        e.bank_ref.empty() ? "" : absl::StrCat("<AcctSvcrRef>", e.bank_ref, "</AcctSvcrRef>"),
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>", e.family, "</Cd><SubFmlyCd>", e.sub_family,
        "</SubFmlyCd></Fmly></Domn></BkTxCd>\n");
    if (!e.txs.empty()) {
      absl::StrAppend(&x, "<NtryDtls>");
      if (e.batch_count) absl::StrAppend(&x, "<Btch><NbOfTxs>", e.txs.size(), "</NbOfTxs></Btch>");
      for (const CamtTx& t : e.txs) {
        absl::StrAppend(&x, "<TxDtls>");
        if (!t.bank_ref.empty())
          absl::StrAppend(&x, "<Refs><AcctSvcrRef>", t.bank_ref, "</AcctSvcrRef></Refs>");
        if (v8 && t.amount_element) {
          absl::StrAppend(&x, "<Amt Ccy=\"", ccy, "\">", CamtAmount(t.ore), "</Amt><CdtDbtInd>",
                          t.debit ? "DBIT" : "CRDT", "</CdtDbtInd>");
        } else {
          absl::StrAppend(&x, "<AmtDtls><TxAmt><Amt Ccy=\"", ccy, "\">", CamtAmount(t.ore),
                          "</Amt></TxAmt></AmtDtls>");
        }
        if (!t.debtor.empty() || !t.org_number.empty()) {
          absl::StrAppend(&x, "<RltdPties><Dbtr>", v8 ? "<Pty>" : "", "<Nm>", t.debtor, "</Nm>");
          if (!t.org_number.empty())
            absl::StrAppend(&x, "<Id><OrgId><Othr><Id>", t.org_number, "</Id></Othr></OrgId></Id>");
          absl::StrAppend(&x, v8 ? "</Pty>" : "", "</Dbtr></RltdPties>");
        }
        if (!t.refs.empty() || !t.ustrd.empty()) {
          absl::StrAppend(&x, "<RmtInf>");
          for (const std::string& u : t.ustrd) absl::StrAppend(&x, "<Ustrd>", u, "</Ustrd>");
          for (const CamtReference& r : t.refs) {
            absl::StrAppend(&x, "<Strd>");
            if (r.credit_note_ore >= 0) {
              absl::StrAppend(&x, "<RfrdDocInf><Tp><CdOrPrtry><Cd>CREN</Cd></CdOrPrtry></Tp><Nb>", r.ref,
                              "</Nb></RfrdDocInf><RfrdDocAmt><CdtNoteAmt Ccy=\"", ccy, "\">",
                              CamtAmount(r.credit_note_ore), "</CdtNoteAmt></RfrdDocAmt>");
            } else {
              if (r.remitted_ore >= 0) {
                absl::StrAppend(&x, "<RfrdDocAmt><RmtdAmt Ccy=\"", ccy, "\">", CamtAmount(r.remitted_ore),
                                "</RmtdAmt></RfrdDocAmt>");
              }
              absl::StrAppend(&x, "<CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>", r.ref,
                              "</Ref></CdtrRefInf>");
            }
            absl::StrAppend(&x, "</Strd>");
          }
          absl::StrAppend(&x, "</RmtInf>");
        }
        if (!t.return_reason.empty())
          absl::StrAppend(&x, "<RtrInf><Rsn><Cd>", t.return_reason, "</Cd></Rsn></RtrInf>");
        absl::StrAppend(&x, "</TxDtls>\n");
      }
      absl::StrAppend(&x, "</NtryDtls>");
    }
    absl::StrAppend(&x, "</Ntry>\n");
  }
  absl::StrAppend(&x, "</", report, ">\n</", root, ">\n</Document>\n");
  return x;
}

// The payments of a BgMax file as a camt.054 of the same bankgiro: one entry per payment (as
// the banks notify bankgiro receipts), a deduction as a returned receipt, extra references
// with their amounts, the BGC serial number as the bank's reference. For the benchmark
// and the transition tests.
inline CamtFile CamtFromBgMax(const BgMaxFile& bg, int version = 8) {
  CamtFile f;
  f.version = version;
  f.msg_id = absl::StrCat("BGC-", bg.timestamp);
  f.bankgiro = bg.deposits.empty() ? "" : bg.deposits.front().bankgiro;
  f.summary = false;
  for (const BgMaxDeposit& d : bg.deposits) {
    const std::string date = absl::StrFormat("%04d-%02d-%02d", d.payment_date.year(), d.payment_date.month(),
                                             d.payment_date.day());
    for (const BgMaxPayment& p : d.payments) {
      CamtEntry e;
      e.date = date;
      e.debit = p.deduction;
      if (p.deduction) e.sub_family = "RRTN";
      e.bank_ref = p.bgc_serial;
      CamtTx t;
      t.ore = p.amount.ore();
      t.debit = p.deduction;
      t.debtor = p.payer_name;
      if (p.extra_references.empty()) {
        if (!p.reference.empty()) t.refs.push_back({p.reference});
      } else {  // every reference with its amount; the payment's own takes the rest
        int64_t rest = p.amount.ore();
        for (const BgMaxExtraReference& x : p.extra_references) rest -= x.amount.ore();
        if (rest > 0 && !p.reference.empty()) t.refs.push_back({p.reference, rest});
        for (const BgMaxExtraReference& x : p.extra_references)
          t.refs.push_back({x.reference, x.amount.ore()});
      }
      if (p.reference_code == kBgMaxRefMultiple && p.extra_references.empty()) t.ustrd.push_back("se bilaga");
      e.txs.push_back(std::move(t));
      f.entries.push_back(std::move(e));
    }
  }
  return f;
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_CAMT_GENERATOR_H_
