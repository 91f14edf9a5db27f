using System.Diagnostics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Xml.Linq;
using Bot.Core.Admin;
using Bot.Core.Dashboard;
using Bot.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Dashboard;

/// <summary>
/// The moderators' dashboard: sign-in through a single-use link from the bot, a cookie protected by keys kept in the
/// bot's storage, and one server-rendered landing page. Reads through Core's interfaces only.
/// </summary>
public static class DashboardExtensions
{
    public const string Scheme = "Dashboard";
    public const string ApplicationName = "ai-race-bot";
    public const string PublicUrlKey = "Http:PublicUrl";
    private const string NonceItem = "dashboard.nonce";
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Replace(ServiceDescriptor.Singleton<IDashboardAddress, ServerDashboardAddress>());
        services.AddRazorComponents();
        services.AddSingleton<DashboardViewBuilder>();
        services.AddHostedService<DashboardLinkPruning>();
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlRepository = new StoreXmlRepository(sp.GetRequiredService<IDashboardStore>()));
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IConfiguration>((o, config) =>
        {
            o.Cookie.Name = "bot.dashboard.af";
            o.Cookie.Path = "/dashboard";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = SecurePolicy(config);
            o.FormFieldName = "__af";
        });
        services.AddAuthentication().AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IConfiguration>((o, config) =>
        {
            o.Cookie.Name = "bot.dashboard";
            o.Cookie.Path = "/dashboard";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = SecurePolicy(config);
            o.ExpireTimeSpan = CookieLifetime;
            o.SlidingExpiration = false;
        });

        // ASP.NET's request log writes the query string, where the sign-in token travels: the dashboard logs its own
        // requests by path only (see MapDashboard), so that category is kept to warnings.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        return services;
    }

    /// <summary>Secure cookies when the public address is https; otherwise as the request came (a TLS proxy may still set Secure).</summary>
    private static CookieSecurePolicy SecurePolicy(IConfiguration configuration) =>
        configuration[PublicUrlKey] is { } url && url.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
            ? CookieSecurePolicy.Always
            : CookieSecurePolicy.SameAsRequest;

    /// <summary>Maps <c>/dashboard</c> and its sign-in; does nothing unless <see cref="AddDashboard"/> was called.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<DashboardViewBuilder>() is null)
        {
            return app; // AddDashboard was not called (the command-line verbs).
        }

        var group = app.MapGroup("/dashboard");
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bot.Dashboard.Requests");
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            Harden(http);
            log.LogDebug("Dashboard {Method} {Path}", http.Request.Method, http.Request.Path.Value);
            return await next(context);
        });

        group.MapGet("/dashboard.css", () => Results.Stream(typeof(DashboardExtensions).Assembly.GetManifestResourceStream("dashboard.css")!, "text/css; charset=utf-8"));

        group.MapGet("/signin", (HttpContext http, IAntiforgery antiforgery, [Microsoft.AspNetCore.Mvc.FromQuery(Name = DashboardLinks.TokenParameter)] string? token) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(http);
            return Page<SignInPage>(new() { ["Token"] = token ?? "", ["Nonce"] = Nonce(http), ["Field"] = tokens.FormFieldName, ["Value"] = tokens.RequestToken ?? "" });
        });

        group.MapPost("/signin", async (HttpContext http, IAntiforgery antiforgery, DashboardLinks links) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Refused();
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var identity = await links.RedeemAsync(form[DashboardLinks.TokenParameter].ToString(), http.RequestAborted);
            if (identity is null)
            {
                return Page<MessagePage>(new() { ["Kind"] = MessagePage.LinkUsed }, StatusCodes.Status400BadRequest);
            }

            await http.SignInAsync(Scheme, Principal(identity), new AuthenticationProperties { IsPersistent = true, AllowRefresh = false });
            return SeeOtherTo("/dashboard");
        }).DisableAntiforgery();

        group.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Refused();
            }

            await http.SignOutAsync(Scheme);
            return SeeOtherTo("/dashboard");
        }).DisableAntiforgery();

        group.MapPost("/gaps/handled", async (HttpContext http, IAntiforgery antiforgery, Roles roles, IDashboardStore store, TimeProvider time) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Refused();
            }

            var identity = await SignedInAsync(http, roles);
            if (identity is null)
            {
                return Page<MessagePage>(new() { ["Kind"] = MessagePage.SignedOut }, StatusCodes.Status403Forbidden);
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var key = form["group"].ToString();
            if (key.Length is > 0 and <= 64)
            {
                await store.MarkGapHandledAsync(key, identity.UserTag, time.GetUtcNow(), http.RequestAborted);
            }

            return SeeOtherTo("/dashboard" + Query(form["days"].ToString(), form["lang"].ToString()));
        }).DisableAntiforgery();

        group.MapGet("", async (HttpContext http, Roles roles, IAntiforgery antiforgery, DashboardViewBuilder views, string? lang, int? days) =>
        {
            var identity = await SignedInAsync(http, roles);
            if (identity is null)
            {
                var signedIn = (await http.AuthenticateAsync(Scheme)).Succeeded;
                return Page<MessagePage>(new() { ["Kind"] = signedIn ? MessagePage.SignedOut : MessagePage.HowToSignIn, ["Language"] = lang is "vi" or "en" ? lang : "en" });
            }

            var tokens = antiforgery.GetAndStoreTokens(http);
            var window = days is 1 or 30 ? days.Value : 7;
            var view = await views.BuildAsync(identity, lang is "vi" or "en" ? lang : identity.Language, window, (tokens.FormFieldName, tokens.RequestToken ?? ""), http.RequestAborted);
            return Page<LandingPage>(new() { ["View"] = view });
        });

        return app;
    }

    /// <summary>The signed-in identity, when its cookie is valid and the user is still an owner or moderator now.</summary>
    private static async Task<DashboardIdentity?> SignedInAsync(HttpContext http, Roles roles)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || result.Principal.FindFirstValue("user") is not { } user)
        {
            return null;
        }

        var identity = new DashboardIdentity(user, result.Principal.FindFirstValue("role"), result.Principal.FindFirstValue("guild"), result.Principal.FindFirstValue("lang") ?? "en");
        return await roles.StillAllowedAsync(identity, http.RequestAborted) ? identity : null;
    }

    private static ClaimsPrincipal Principal(DashboardIdentity identity)
    {
        var claims = new List<Claim> { new("user", identity.UserTag), new("lang", identity.Language) };
        if (identity.RoleTag is not null)
        {
            claims.Add(new Claim("role", identity.RoleTag));
        }

        if (identity.GuildId is not null)
        {
            claims.Add(new Claim("guild", identity.GuildId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "user", "role"));
    }

    private static string Query(string days, string lang)
    {
        var parts = new List<string>();
        if (days is "1" or "30")
        {
            parts.Add("days=" + days);
        }

        if (lang is "vi" or "en")
        {
            parts.Add("lang=" + lang);
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static IResult Refused() => Page<MessagePage>(new() { ["Kind"] = MessagePage.Refused }, StatusCodes.Status400BadRequest);

    private static IResult SeeOtherTo(string location) => new SeeOther(location);

    private static IResult Page<T>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" };

    /// <summary>The headers every dashboard response carries; the script nonce is new for each response.</summary>
    private static void Harden(HttpContext http)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceItem] = nonce;
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy =
            $"default-src 'none'; style-src 'self'; img-src 'self'; script-src 'nonce-{nonce}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

        // The sign-in token travels in the query string: traces carry the path only.
        if (Activity.Current is { } activity)
        {
            activity.SetTag("url.query", null);
            activity.SetTag("url.full", null);
            activity.SetTag("http.url", null);
            activity.SetTag("http.target", null);
        }
    }

    private static string Nonce(HttpContext http) => http.Items[NonceItem] as string ?? "";

    /// <summary>303 See Other: the browser follows with a GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// The dashboard's public address: <c>Http:PublicUrl</c>, else the address the server actually bound when it is a
/// concrete one (not a wildcard); null otherwise, and the bot then says the dashboard is not configured.
/// </summary>
internal sealed class ServerDashboardAddress(IConfiguration configuration, IServer server) : IDashboardAddress
{
    public Uri? PublicBase
    {
        get
        {
            if (Uri.TryCreate(configuration[DashboardExtensions.PublicUrlKey], UriKind.Absolute, out var configured))
            {
                return configured;
            }

            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            return bound is null || bound.Contains('*', StringComparison.Ordinal) || bound.Contains('+', StringComparison.Ordinal) ||
                   !Uri.TryCreate(bound, UriKind.Absolute, out var uri) || uri.Host is "0.0.0.0" or "[::]"
                ? null
                : uri;
        }
    }
}

/// <summary>Data Protection keys kept in the bot's storage, so the sign-in cookie survives restarts and instances.</summary>
internal sealed class StoreXmlRepository(IDashboardStore store) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        [.. store.ListKeysAsync().AsTask().GetAwaiter().GetResult().Select(k => XElement.Parse(k.Xml))];

    public void StoreElement(XElement element, string friendlyName) =>
        store.SaveKeyAsync(new DashboardKey(friendlyName, element.ToString(SaveOptions.DisableFormatting))).AsTask().GetAwaiter().GetResult();
}
