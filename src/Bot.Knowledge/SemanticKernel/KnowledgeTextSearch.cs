using System.Runtime.CompilerServices;
using Bot.Knowledge.Model;
using Bot.Knowledge.Search;
using Microsoft.SemanticKernel.Data;

namespace Bot.Knowledge.SemanticKernel;

/// <summary>
/// Semantic Kernel text search over the knowledge retriever. Each result is a section: name = file and heading,
/// link = <c>{path}#{anchor}</c>, value = the section text. Filters in the options are not supported and ignored;
/// <c>Top</c> (default 5) and <c>Skip</c> are honoured.
/// </summary>
/// <remarks>
/// Implements the generic <see cref="ITextSearch{TRecord}"/> (experimental, SKEXP0001, suppressed for this project) and
/// the older non-generic <c>ITextSearch</c>, which SK's plugin helpers (<c>CreateWithGetTextSearchResults</c>) still
/// take although it is marked obsolete.
/// </remarks>
#pragma warning disable CS0618 // Non-generic ITextSearch is obsolete in SK 1.82 but is what the plugin helpers accept.
public sealed class KnowledgeTextSearch(IKnowledgeRetriever retriever) : ITextSearch<KnowledgeSection>, ITextSearch
#pragma warning restore CS0618
{
    private const int DefaultTop = 5;

    public Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions<KnowledgeSection>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Results(query, searchOptions?.Top, searchOptions?.Skip, h => h.Section.Text, cancellationToken);

    public Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions<KnowledgeSection>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Results(query, searchOptions?.Top, searchOptions?.Skip, ToTextSearchResult, cancellationToken);

    public Task<KernelSearchResults<KnowledgeSection>> GetSearchResultsAsync(string query, TextSearchOptions<KnowledgeSection>? searchOptions = null, CancellationToken cancellationToken = default) =>
        Results(query, searchOptions?.Top, searchOptions?.Skip, h => h.Section, cancellationToken);

#pragma warning disable CS0618 // The non-generic ITextSearch and its options are obsolete in SK 1.82; kept for SK's plugin helpers.
    Task<KernelSearchResults<string>> ITextSearch.SearchAsync(string query, TextSearchOptions? searchOptions, CancellationToken cancellationToken) =>
        Results(query, searchOptions?.Top, searchOptions?.Skip, h => h.Section.Text, cancellationToken);

    Task<KernelSearchResults<TextSearchResult>> ITextSearch.GetTextSearchResultsAsync(string query, TextSearchOptions? searchOptions, CancellationToken cancellationToken) =>
        Results(query, searchOptions?.Top, searchOptions?.Skip, ToTextSearchResult, cancellationToken);

    Task<KernelSearchResults<object>> ITextSearch.GetSearchResultsAsync(string query, TextSearchOptions? searchOptions, CancellationToken cancellationToken) =>
        Results<object>(query, searchOptions?.Top, searchOptions?.Skip, h => h.Section, cancellationToken);
#pragma warning restore CS0618

    private static TextSearchResult ToTextSearchResult(SearchHit hit) => new(hit.Section.Text)
    {
        Name = $"{hit.Section.Path}: {hit.Section.Heading}",
        Link = hit.Section.Key,
    };

    private async Task<KernelSearchResults<T>> Results<T>(string query, int? top, int? skip, Func<SearchHit, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = top is > 0 ? top.Value : DefaultTop;
        var offset = Math.Max(0, skip ?? 0);
        var hits = await retriever.RetrieveAsync(new SearchQuery(query, Top: take + offset), cancellationToken);
        var page = hits.Skip(offset).Take(take).Select(map).ToArray();
        return new KernelSearchResults<T>(AsAsync(page), page.Length);
    }

    private static async IAsyncEnumerable<T> AsAsync<T>(IReadOnlyList<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }
}
