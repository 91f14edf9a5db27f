using Bot.Knowledge.Model;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Bench.Search;

/// <summary>
/// The baseline: the same sections in Lucene.Net 4.8 (in memory), BM25, a standard tokenizer with lower-casing and
/// ASCII folding, the same three fields with the same boosts, queried with one SHOULD clause per term and field.
/// </summary>
internal sealed class LuceneBaseline : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private static readonly (string Field, float Boost)[] Fields = [("title", 2.0f), ("heading", 2.5f), ("body", 1.0f)];
    private readonly RAMDirectory _directory;
    private readonly Analyzer _analyzer;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    public LuceneBaseline(IReadOnlyList<KnowledgeSection> sections)
    {
        _directory = new RAMDirectory();
        _analyzer = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        });
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var section in sections)
            {
                writer.AddDocument(new Document
                {
                    new StringField("key", section.Key, Field.Store.YES),
                    new TextField("title", section.DocumentTitle + "\n" + string.Join('\n', section.Aliases.Concat(section.Tags)), Field.Store.NO),
                    new TextField("heading", section.Heading, Field.Store.NO),
                    new TextField("body", section.Text, Field.Store.NO),
                });
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public long SizeInBytes => _directory.GetSizeInBytes();

    /// <summary>Analyses the query, searches, and reads the keys of the top hits (as our index returns sections).</summary>
    public int Search(string text, int top)
    {
        var query = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream("body", text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var value = term.ToString();
                foreach (var (field, boost) in Fields)
                {
                    query.Add(new TermQuery(new Term(field, value)) { Boost = boost }, Occur.SHOULD);
                }
            }

            stream.End();
        }

        var hits = _searcher.Search(query, top);
        var found = 0;
        foreach (var hit in hits.ScoreDocs)
        {
            found += _searcher.Doc(hit.Doc).Get("key").Length > 0 ? 1 : 0;
        }

        return found;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
