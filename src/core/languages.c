/* languages.c — see languages.h. The table is data: ISO 639-1 codes of the
 * languages most likely in a Dutch or international organisation, with their
 * English and Dutch names. Adding one is adding a row (keep English order). */
#include "core/languages.h"
#include <strings.h>

static const struct language all[] = {
	{ "af", "Afrikaans", "Afrikaans" },
	{ "sq", "Albanian", "Albanees" },
	{ "ar", "Arabic", "Arabisch" },
	{ "hy", "Armenian", "Armeens" },
	{ "eu", "Basque", "Baskisch" },
	{ "be", "Belarusian", "Wit-Russisch" },
	{ "bn", "Bengali", "Bengaals" },
	{ "bs", "Bosnian", "Bosnisch" },
	{ "bg", "Bulgarian", "Bulgaars" },
	{ "ca", "Catalan", "Catalaans" },
	{ "zh", "Chinese", "Chinees" },
	{ "hr", "Croatian", "Kroatisch" },
	{ "cs", "Czech", "Tsjechisch" },
	{ "da", "Danish", "Deens" },
	{ "nl", "Dutch", "Nederlands" },
	{ "en", "English", "Engels" },
	{ "eo", "Esperanto", "Esperanto" },
	{ "et", "Estonian", "Estisch" },
	{ "fi", "Finnish", "Fins" },
	{ "fr", "French", "Frans" },
	{ "fy", "Frisian", "Fries" },
	{ "gl", "Galician", "Galicisch" },
	{ "ka", "Georgian", "Georgisch" },
	{ "de", "German", "Duits" },
	{ "el", "Greek", "Grieks" },
	{ "gu", "Gujarati", "Gujarati" },
	{ "he", "Hebrew", "Hebreeuws" },
	{ "hi", "Hindi", "Hindi" },
	{ "hu", "Hungarian", "Hongaars" },
	{ "is", "Icelandic", "IJslands" },
	{ "id", "Indonesian", "Indonesisch" },
	{ "ga", "Irish", "Iers" },
	{ "it", "Italian", "Italiaans" },
	{ "ja", "Japanese", "Japans" },
	{ "kk", "Kazakh", "Kazachs" },
	{ "ko", "Korean", "Koreaans" },
	{ "ku", "Kurdish", "Koerdisch" },
	{ "lv", "Latvian", "Lets" },
	{ "lt", "Lithuanian", "Litouws" },
	{ "lb", "Luxembourgish", "Luxemburgs" },
	{ "mk", "Macedonian", "Macedonisch" },
	{ "ms", "Malay", "Maleis" },
	{ "mt", "Maltese", "Maltees" },
	{ "no", "Norwegian", "Noors" },
	{ "ps", "Pashto", "Pasjtoe" },
	{ "fa", "Persian", "Perzisch" },
	{ "pl", "Polish", "Pools" },
	{ "pt", "Portuguese", "Portugees" },
	{ "pa", "Punjabi", "Punjabi" },
	{ "ro", "Romanian", "Roemeens" },
	{ "ru", "Russian", "Russisch" },
	{ "sr", "Serbian", "Servisch" },
	{ "sk", "Slovak", "Slowaaks" },
	{ "sl", "Slovenian", "Sloveens" },
	{ "so", "Somali", "Somalisch" },
	{ "es", "Spanish", "Spaans" },
	{ "sw", "Swahili", "Swahili" },
	{ "sv", "Swedish", "Zweeds" },
	{ "tl", "Tagalog", "Tagalog" },
	{ "ta", "Tamil", "Tamil" },
	{ "th", "Thai", "Thai" },
	{ "ti", "Tigrinya", "Tigrinya" },
	{ "tr", "Turkish", "Turks" },
	{ "uk", "Ukrainian", "Oekraïens" },
	{ "ur", "Urdu", "Urdu" },
	{ "vi", "Vietnamese", "Vietnamees" },
	{ "cy", "Welsh", "Welsh" },
	{ "yo", "Yoruba", "Yoruba" },
};

static const struct {
	const char *key, *en, *nl;
} levels[] = {
	{ NULL, NULL, NULL },
	{ "basic", "basic", "basis" },
	{ "working", "working", "werkkennis" },
	{ "fluent", "fluent", "vloeiend" },
	{ "native", "native", "moedertaal" },
};

const struct language *languages_all(size_t *n)
{
	*n = sizeof(all) / sizeof(all[0]);
	return all;
}

const struct language *languages_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof(all) / sizeof(all[0]); i++)
		if (strcmp(all[i].code, code) == 0)
			return &all[i];
	return NULL;
}

const struct language *languages_lookup(const char *name)
{
	for (size_t i = 0; name && i < sizeof(all) / sizeof(all[0]); i++)
		if (strcasecmp(all[i].code, name) == 0 || strcasecmp(all[i].en, name) == 0 ||
		    strcasecmp(all[i].nl, name) == 0)
			return &all[i];
	return NULL;
}

const char *languages_name(const struct language *l, const char *lang)
{
	return lang && strcmp(lang, "nl") == 0 ? l->nl : l->en;
}

int languages_level_parse(const char *word)
{
	for (int i = LEVEL_BASIC; word && i <= LEVEL_NATIVE; i++)
		if (strcasecmp(word, levels[i].key) == 0 || strcasecmp(word, levels[i].nl) == 0)
			return i;
	return 0;
}

const char *languages_level_key(int level)
{
	return level >= LEVEL_BASIC && level <= LEVEL_NATIVE ? levels[level].key : NULL;
}

const char *languages_level_name(int level, const char *lang)
{
	if (level < LEVEL_BASIC || level > LEVEL_NATIVE)
		return "";
	return lang && strcmp(lang, "nl") == 0 ? levels[level].nl : levels[level].en;
}
