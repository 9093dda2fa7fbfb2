// Relations between records: the shortest chains of reference fields that
// lead from a source record to a subject (Order.customer -> Customer.owner ->
// Rep). One shortest chain is the relation; none, or more than one, is an
// error the author settles with a reference field or a `via` clause.
#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "check/resolver.h"

namespace accrue::check::detail {

std::string Resolver::path_text(const std::vector<FieldStep>& path) const {
  std::string out;
  for (const auto& s : path) out += (out.empty() ? "" : ".") + plan.records[s.record].fields[s.field].name;
  return out;
}

Relation Resolver::relate(RecordId from, RecordId to) {
  std::uint64_t key = (std::uint64_t{from} << 32) | to;
  if (auto it = relation_cache_.find(key); it != relation_cache_.end()) return it->second;
  // Breadth-first over reference fields, counting shortest chains (capped at
  // two: one is the answer, two is ambiguity). Paths have length >= 1, so a
  // record relates to itself only through a reference (Rep.manager).
  std::size_t n = plan.records.size();
  std::vector<int> dist(n, -1);
  std::vector<int> count(n, 0);
  std::vector<std::vector<FieldStep>> parents(n);  // steps that reach a node on a shortest chain
  std::deque<RecordId> queue;
  auto expand = [&](RecordId at, int d) {
    const RecordInfo& rec = plan.records[at];
    for (std::uint32_t f = 0; f < rec.fields.size(); ++f) {
      const Type& t = rec.fields[f].type;
      if (!t.is(TypeKind::Ref) || t.record_id >= n) continue;
      RecordId next = t.record_id;
      int c = at == from && d == 0 ? 1 : count[at];
      if (dist[next] == -1) {
        dist[next] = d + 1;
        count[next] = std::min(2, c);
        parents[next].push_back({at, f});
        queue.push_back(next);
      } else if (dist[next] == d + 1) {
        count[next] = std::min(2, count[next] + c);
        if (parents[next].size() < 2) parents[next].push_back({at, f});
      }
    }
  };
  expand(from, 0);
  while (!queue.empty()) {
    RecordId at = queue.front();
    queue.pop_front();
    if (at == to) continue;  // chains end at the target
    if (at == from) continue;  // a chain never passes through its start again
    expand(at, dist[at]);
  }
  Relation rel;
  if (dist[to] == -1) {
    rel.status = Relation::Status::None;
  } else {
    // Walk back along first parents to get one chain; for ambiguity, list
    // the chains through the target's (up to two) last steps.
    auto chain_ending = [&](FieldStep last) {
      std::vector<FieldStep> path{last};
      RecordId at = last.record;
      while (at != from && !parents[at].empty()) {
        FieldStep s = parents[at].front();
        path.push_back(s);
        at = s.record;
      }
      std::reverse(path.begin(), path.end());
      return path;
    };
    rel.path = chain_ending(parents[to].front());
    if (count[to] > 1) {
      rel.status = Relation::Status::Ambiguous;
      if (parents[to].size() > 1) {
        rel.alternatives.push_back(path_text(rel.path));
        rel.alternatives.push_back(path_text(chain_ending(parents[to][1])));
      } else {
        rel.alternatives.push_back(path_text(rel.path));
      }
    } else {
      rel.status = Relation::Status::Found;
    }
  }
  relation_cache_.emplace(key, rel);
  return rel;
}

bool Resolver::require_relation(RecordId from, RecordId to, Span at, std::vector<FieldStep>& path) {
  Relation rel = relate(from, to);
  const std::string& f = plan.records[from].name;
  const std::string& t = plan.records[to].name;
  switch (rel.status) {
    case Relation::Status::Found:
      path = rel.path;
      return true;
    case Relation::Status::None:
      report(Code::E0306, at, fmt::format("'{}' is not related to '{}': no chain of reference fields leads from '{}' to '{}'", f, t, f, t),
             fmt::format("give '{}' a field that refers to '{}' (or to a record that does)", f, t));
      return false;
    case Relation::Status::Ambiguous: {
      std::string ways;
      for (const auto& a : rel.alternatives) ways += (ways.empty() ? "" : " or ") + a;
      report(Code::E0307, at, fmt::format("'{}' relates to '{}' in more than one way ({})", f, t, ways),
             fmt::format("write `via {}` to choose one", rel.alternatives.front()));
      return false;
    }
  }
  return false;
}

}  // namespace accrue::check::detail
