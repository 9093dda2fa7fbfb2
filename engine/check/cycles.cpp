// The dependency graph of params, tables and measures: its cycles are errors
// (reported once each, with the whole cycle), and the rest is put in
// evaluation order, each node after what it reads, ties by source order.
// Both walks are iterative, so a chain of 20,000 measures needs no deep stack.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <queue>

#include "check/resolver.h"

namespace accrue::check::detail {

std::string Resolver::node_name(std::uint32_t node) const {
  std::uint32_t m = static_cast<std::uint32_t>(plan.measures.size());
  std::uint32_t p = static_cast<std::uint32_t>(plan.params.size());
  if (node < m) return plan.measures[node].name;
  if (node < m + p) return plan.params[node - m].name;
  return plan.tables[node - m - p].name;
}

Span Resolver::node_span(std::uint32_t node) const {
  std::uint32_t m = static_cast<std::uint32_t>(plan.measures.size());
  std::uint32_t p = static_cast<std::uint32_t>(plan.params.size());
  if (node < m) return plan.measures[node].decl->name.span;
  if (node < m + p) return plan.params[node - m].decl->name.span;
  return plan.tables[node - m - p].decl->name.span;
}

namespace {

// Tarjan's strongly connected components, with an explicit stack.
std::vector<std::uint32_t> components(const std::vector<std::vector<std::uint32_t>>& edges, std::uint32_t& count) {
  std::size_t n = edges.size();
  std::vector<std::uint32_t> index(n, kNoId), low(n, 0), comp(n, kNoId);
  std::vector<char> on_stack(n, 0);
  std::vector<std::uint32_t> stack;
  std::vector<std::pair<std::uint32_t, std::size_t>> work;  // node, next edge
  std::uint32_t next_index = 0;
  count = 0;
  for (std::uint32_t start = 0; start < n; ++start) {
    if (index[start] != kNoId) continue;
    work.emplace_back(start, 0);
    while (!work.empty()) {
      auto& [v, e] = work.back();
      if (e == 0 && index[v] == kNoId) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = 1;
      }
      if (e < edges[v].size()) {
        std::uint32_t w = edges[v][e++];
        if (index[w] == kNoId) {
          work.emplace_back(w, 0);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          comp[w] = count;
        } while (w != v);
        ++count;
      }
      std::uint32_t done = v;
      work.pop_back();
      if (!work.empty()) low[work.back().first] = std::min(low[work.back().first], low[done]);
    }
  }
  return comp;
}

}  // namespace

void Resolver::order_and_report_cycles(std::vector<std::uint32_t>& order) {
  std::uint32_t n = node_count();
  for (auto& list : edges) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  std::uint32_t count = 0;
  std::vector<std::uint32_t> comp = components(edges, count);
  std::vector<std::vector<std::uint32_t>> members(count);
  for (std::uint32_t v = 0; v < n; ++v) members[comp[v]].push_back(v);
  std::vector<char> cyclic(n, 0);
  for (const auto& group : members) {
    if (group.empty()) continue;
    bool self_loop = group.size() == 1 && std::binary_search(edges[group[0]].begin(), edges[group[0]].end(), group[0]);
    if (group.size() == 1 && !self_loop) continue;
    for (auto v : group) cyclic[v] = 1;
    // Start at the member written first; find the shortest way back to it
    // inside the component, and print that cycle.
    std::uint32_t start = *std::min_element(group.begin(), group.end(),
                                            [&](auto a, auto b) { return decl_order[a] < decl_order[b]; });
    std::vector<std::uint32_t> parent(n, kNoId);
    std::queue<std::uint32_t> queue;
    queue.push(start);
    std::uint32_t last = kNoId;
    std::vector<char> seen(n, 0);
    seen[start] = 1;
    while (!queue.empty() && last == kNoId) {
      std::uint32_t v = queue.front();
      queue.pop();
      for (auto w : edges[v]) {
        if (comp[w] != comp[start]) continue;
        if (w == start) {
          last = v;
          break;
        }
        if (!seen[w]) {
          seen[w] = 1;
          parent[w] = v;
          queue.push(w);
        }
      }
    }
    std::vector<std::uint32_t> cycle;
    for (std::uint32_t v = last; v != kNoId && v != start; v = parent[v]) cycle.push_back(v);
    cycle.push_back(start);
    std::reverse(cycle.begin(), cycle.end());
    std::string text;
    for (auto v : cycle) text += node_name(v) + " -> ";
    text += node_name(start);
    auto* d = report(Code::E0303, node_span(start), fmt::format("cyclic definition: {}", text),
                     "each value must be computable from values that do not depend on it; break the cycle");
    if (d)
      for (std::size_t i = 1; i < cycle.size(); ++i)
        d->notes.push_back({node_span(cycle[i]), fmt::format("'{}' is part of the cycle", node_name(cycle[i]))});
  }
  // Kahn's algorithm over the acyclic rest; ready nodes leave in source order.
  std::vector<std::uint32_t> pending(n, 0);
  std::vector<std::vector<std::uint32_t>> readers(n);
  for (std::uint32_t v = 0; v < n; ++v)
    for (auto w : edges[v]) {
      if (w == v) continue;
      ++pending[v];
      readers[w].push_back(v);
    }
  auto later = [&](std::uint32_t a, std::uint32_t b) { return decl_order[a] > decl_order[b]; };
  std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(later)> ready(later);
  for (std::uint32_t v = 0; v < n; ++v)
    if (pending[v] == 0 && !cyclic[v]) ready.push(v);
  while (!ready.empty()) {
    std::uint32_t v = ready.top();
    ready.pop();
    order.push_back(v);
    for (auto r : readers[v])
      if (--pending[r] == 0 && !cyclic[r]) ready.push(r);
  }
  // Cycle members and whatever reads them come last, in source order; the
  // evaluator never runs a plan with a cycle, but the checker still types them.
  std::vector<std::uint32_t> rest;
  std::vector<char> placed(n, 0);
  for (auto v : order) placed[v] = 1;
  for (std::uint32_t v = 0; v < n; ++v)
    if (!placed[v]) rest.push_back(v);
  std::sort(rest.begin(), rest.end(), [&](auto a, auto b) { return decl_order[a] < decl_order[b]; });
  order.insert(order.end(), rest.begin(), rest.end());
}

}  // namespace accrue::check::detail
