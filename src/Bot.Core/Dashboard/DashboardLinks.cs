using System.Security.Cryptography;
using System.Text;
using Bot.Core.Stores;

namespace Bot.Core.Dashboard;

/// <summary>
/// Where the dashboard can be reached from a member's browser: <c>Http:PublicUrl</c>, else the server's own address
/// when it is a concrete one. Null when no public address can be known (no HTTP server, or only a wildcard address).
/// The dashboard project supplies the real one; without it the bot says the dashboard is not configured.
/// </summary>
public interface IDashboardAddress
{
    Uri? PublicBase { get; }
}

/// <summary>Used when the dashboard is not part of the host: no address, so no links.</summary>
internal sealed class NoDashboardAddress : IDashboardAddress
{
    public Uri? PublicBase => null;
}

/// <summary>
/// Hands out single-use sign-in links: a 256-bit token from the operating system's secure generator, carried in the
/// query string, stored only as its SHA-256 hash with the user it was made for, and valid for <see cref="Lifetime"/>.
/// </summary>
public sealed class DashboardLinks(IDashboardStore store, IDashboardAddress address, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The sign-in page, relative to the public base; the token follows as <c>?token=</c>.</summary>
    public const string SignInPath = "dashboard/signin";

    public const string TokenParameter = "token";

    /// <summary>Whether links can be made at all (a public address is known).</summary>
    public bool Configured => address.PublicBase is not null;

    /// <summary>A new link for <paramref name="identity"/>, or null when the dashboard has no public address.</summary>
    public async Task<Uri?> IssueAsync(DashboardIdentity identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (address.PublicBase is not { } publicBase)
        {
            return null;
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await store.SaveLinkAsync(new DashboardLinkRecord(Hash(token), identity, now, now + Lifetime), cancellationToken);
        return new Uri(WithSlash(publicBase), $"{SignInPath}?{TokenParameter}={token}");
    }

    /// <summary>Uses up a token: the identity it was made for the first time, null afterwards or once expired.</summary>
    public ValueTask<DashboardIdentity?> RedeemAsync(string? token, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(token) || token.Length > 128
            ? ValueTask.FromResult<DashboardIdentity?>(null)
            : store.RedeemLinkAsync(Hash(token), time.GetUtcNow(), cancellationToken);

    /// <summary>The stored form of a token: lower-case hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
