"""Every sentence of the web pages, in French and in English, side by side.

A key names one sentence; `{name}` marks where a value goes (str.format). Keep both languages of a
key together: a unit test fails on a key that lacks one of them. Sentences the services write
(reasons, notification subjects) are worded by the services themselves.
"""
import re

from shared.contracts.kinds import REQUEST_KINDS, ROLES, WEEKDAYS

LOCALES = ("fr", "en")
DEFAULT = "fr"

MESSAGES = {
    "brand": {"fr": "Binôme", "en": "Binôme"},
    "footer": {"fr": "Binôme met en relation des personnes qui donnent du temps et des personnes "
                     "qui cherchent un emploi.",
               "en": "Binôme pairs people who give time with people looking for work."},
    # --- header and navigation
    "nav.skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav.label": {"fr": "Navigation principale", "en": "Main navigation"},
    "nav.donor": {"fr": "Mes dons de temps", "en": "My pledges"},
    "nav.seeker": {"fr": "Mes demandes", "en": "My requests"},
    "nav.mentor": {"fr": "Mon mentorat", "en": "My mentoring"},
    "nav.sponsor": {"fr": "Parrainer", "en": "Sponsor"},
    "nav.sponsors": {"fr": "Mes parrains", "en": "My sponsors"},
    "nav.operator": {"fr": "Exploitation", "en": "Operations"},
    "nav.inbox": {"fr": "Messages", "en": "Inbox"},
    "nav.unread": {"fr": "non lus", "en": "unread"},
    "nav.preferences": {"fr": "Préférences", "en": "Preferences"},
    "nav.account": {"fr": "Mes données", "en": "My data"},
    "nav.sign_out": {"fr": "Se déconnecter", "en": "Sign out"},
    "nav.sign_up": {"fr": "S'inscrire", "en": "Sign up"},
    "nav.sign_in": {"fr": "Se connecter", "en": "Sign in"},
    "nav.switch": {"fr": "English", "en": "Français"},
    "nav.switch_label": {"fr": "Switch to English", "en": "Passer en français"},
    # --- what just happened (after a redirect)
    "done.welcome": {"fr": "Bienvenue sur Binôme !", "en": "Welcome to Binôme!"},
    "done.pledged": {"fr": "Merci ! Votre don de temps est enregistré.",
                     "en": "Thank you! Your pledge is recorded."},
    "done.withdrawn": {"fr": "C'est retiré.", "en": "Withdrawn."},
    "done.sent": {"fr": "Message envoyé.", "en": "Message sent."},
    "done.requested": {"fr": "Votre demande est enregistrée.", "en": "Your request is recorded."},
    "done.accepted": {"fr": "Vous avez accepté.", "en": "You accepted."},
    "done.declined": {"fr": "Vous avez décliné.", "en": "You declined."},
    "done.booked": {"fr": "Le rendez-vous est réservé.", "en": "The meeting is booked."},
    "done.sponsorship_started": {"fr": "C'est réciproque ! Le parrainage commence : vous voyez "
                                       "maintenant comment vous joindre.",
                                 "en": "It's mutual! Your sponsorship starts: you can now see how "
                                       "to reach each other."},
    "done.sponsor_liked": {"fr": "Votre oui est enregistré.", "en": "Your yes is recorded."},
    "done.sponsor_passed": {"fr": "C'est noté : cette personne n'en sera pas informée.",
                            "en": "Noted: they will not be told."},
    "done.saved": {"fr": "C'est enregistré.", "en": "Saved."},
    "done.all_read": {"fr": "Tous les messages sont lus.", "en": "Every message is read."},
    "done.signed_out": {"fr": "Vous êtes déconnecté·e.", "en": "You are signed out."},
    "done.erased": {"fr": "Votre compte et vos données sont effacés.",
                    "en": "Your account and your data are erased."},
    "done.round_run": {"fr": "Le tour d'appariement a été lancé.", "en": "The matching round ran."},
    "done.replayed": {"fr": "Les messages choisis sont remis en file.",
                      "en": "The chosen messages are back in line."},
    # --- errors
    "error.title": {"fr": "Cela n'a pas marché", "en": "That did not work"},
    "error.back": {"fr": "Retour", "en": "Back"},
    "error.foreign_origin": {"fr": "Cette demande ne vient pas d'une page de Binôme.",
                             "en": "This request does not come from a Binôme page."},
    "error.operators_only": {"fr": "Cette page est réservée aux personnes qui exploitent Binôme.",
                             "en": "This page is for the people who run Binôme."},
    "error.forbidden": {"fr": "Vous n'avez pas accès à cela.", "en": "You may not see or do this."},
    "error.not_found": {"fr": "Introuvable.", "en": "Not found."},
    "error.conflict": {"fr": "Ce n'est plus possible dans l'état actuel.",
                       "en": "This is no longer possible as things stand."},
    "error.rate_limited": {"fr": "Trop de tentatives : réessayez dans un moment.",
                           "en": "Too many attempts: try again in a moment."},
    "error.limit_reached": {
        "fr": "Vous avez atteint la limite de mises en relation pour le moment (coordonnées "
              "révélées sur 24 heures, ou parrainages arrêtés récemment) : réessayez plus tard.",
        "en": "You have reached the limit on new contacts for now (contact details revealed in "
              "24 hours, or sponsorships ended lately): try again later."},
    "error.timeout": {"fr": "Le service n'a pas répondu à temps ; réessayez.",
                      "en": "The service did not answer in time; try again."},
    "error.unexpected": {"fr": "Une erreur inattendue s'est produite ; elle est consignée.",
                         "en": "Something went wrong on our side; it has been logged."},
    "error.invalid": {"fr": "Certaines valeurs sont invalides.", "en": "Some values are invalid."},
    "form.fix_errors": {"fr": "Corrigez les champs signalés ci-dessous.",
                        "en": "Please correct the fields marked below."},
    "form.save": {"fr": "Enregistrer", "en": "Save"},
    # --- landing and sign-up
    "landing.title": {"fr": "Du temps donné, un emploi trouvé", "en": "Time given, work found"},
    "landing.lead": {"fr": "Relectures de CV, cafés, entretiens blancs, déjeuners de mentorat, "
                           "parrainages : Binôme vous met en relation avec la bonne personne, "
                           "explique pourquoi, et trouve un créneau.",
                     "en": "CV reviews, coffees, mock interviews, mentoring lunches, sponsorships: "
                           "Binôme pairs you with the right person, says why, and finds a time."},
    "landing.join": {"fr": "Rejoindre Binôme", "en": "Join Binôme"},
    "landing.sign_up_as": {"fr": "S'inscrire : {role}", "en": "Sign up: {role}"},
    "landing.already": {"fr": "Déjà inscrit·e ?", "en": "Already registered?"},
    "sign_up.title": {"fr": "Inscription", "en": "Sign up"},
    "sign_up.title_as": {"fr": "Inscription : {role}", "en": "Sign up: {role}"},
    "sign_up.sent_title": {"fr": "Consultez vos e-mails", "en": "Check your email"},
    "sign_up.sent": {"fr": "Nous venons d'envoyer un lien à cette adresse. Votre compte sera "
                           "créé quand vous l'ouvrirez (il reste valable 24 heures).",
                     "en": "We have just emailed a link to this address. Your account is "
                           "created once you open it (it works for 24 hours)."},
    "sign_up.choose": {"fr": "Choisissez comment vous participez.",
                       "en": "Choose how you take part."},
    "sign_up.about_you": {"fr": "Vous", "en": "About you"},
    "sign_up.your_work": {"fr": "Votre métier", "en": "Your work"},
    "sign_up.submit": {"fr": "Créer mon compte", "en": "Create my account"},
    "role.job_seeker": {"fr": "Personne en recherche d'emploi", "en": "Job seeker"},
    "role.reconverting_worker": {"fr": "Personne en reconversion", "en": "Reconverting worker"},
    "role.mentor": {"fr": "Mentor", "en": "Mentor"},
    "role.time_donor": {"fr": "Donateur·rice de temps", "en": "Time donor"},
    "role.sponsor": {"fr": "Parrain ou marraine", "en": "Sponsor"},
    "role.job_seeker.pitch": {"fr": "Demandez une relecture, un café, un entretien blanc ou un "
                                    "parrain.",
                              "en": "Ask for a review, a coffee, a mock interview or a sponsor."},
    "role.reconverting_worker.pitch": {"fr": "Déjeunez avec quelqu'un qui a fait la même "
                                             "reconversion.",
                                       "en": "Have lunch with someone who made the same move."},
    "role.mentor.pitch": {"fr": "Offrez quelques déjeuners à qui fait le chemin que vous avez "
                                "fait.",
                          "en": "Give a few lunches to someone making the move you made."},
    "role.time_donor.pitch": {"fr": "Donnez quelques unités de votre temps : relectures, cafés, "
                                    "entretiens.",
                              "en": "Pledge a few units of your time: reviews, coffees, "
                                    "interviews."},
    "role.sponsor.pitch": {"fr": "Découvrez des profils et accompagnez une personne dans sa "
                                 "recherche.",
                           "en": "Browse profiles and stand by someone in their search."},
    "field.first_name": {"fr": "Prénom", "en": "First name"},
    "field.last_name": {"fr": "Nom", "en": "Last name"},
    "field.name": {"fr": "Nom", "en": "Name"},
    "field.email": {"fr": "Adresse e-mail", "en": "Email address"},
    "field.phone": {"fr": "Téléphone", "en": "Phone"},
    "field.phone.hint": {"fr": "Facultatif ; montré seulement quand vous l'acceptez tous les deux.",
                         "en": "Optional; shown only once you both agree."},
    "field.location": {"fr": "Code postal ou ville", "en": "Postal code or city"},
    "field.location.hint": {"fr": "Seul votre quartier est montré aux autres.",
                            "en": "Only your neighbourhood is shown to others."},
    # A name several communes share: the sign-up page lists them to pick one.
    "field.location.which": {"fr": "Plusieurs communes portent ce nom : laquelle est la vôtre ?",
                             "en": "Several communes have this name: which one is yours?"},
    "field.location.did_you_mean": {"fr": "Vouliez-vous dire :", "en": "Did you mean:"},
    "field.location.choice": {"fr": "{name} — {postal_code}, {department} ({code})",
                              "en": "{name} — {postal_code}, {department} ({code})"},
    "field.languages": {"fr": "Langues parlées", "en": "Languages you speak"},
    "field.occupation": {"fr": "Métier actuel ou dernier métier",
                         "en": "Current or last occupation"},
    "field.occupation.mentor": {"fr": "Métier actuel", "en": "Current occupation"},
    "field.occupation.sponsor": {"fr": "Votre métier", "en": "Your occupation"},
    "field.occupation.time_donor": {"fr": "Votre métier", "en": "Your occupation"},
    "field.occupation.hint": {"fr": "Un métier ou un code ROME, par exemple « développeur » ou "
                                    "M1805.",
                              "en": "An occupation or a ROME code, e.g. \"developer\" or M1805."},
    "field.target_occupation": {"fr": "Métier visé", "en": "Occupation you aim for"},
    "occupation.did_you_mean": {"fr": "Vouliez-vous dire :", "en": "Did you mean:"},
    "occupation.nothing_close": {"fr": "Aucun métier proche : essayez un autre mot, en français "
                                       "ou en anglais, ou un code ROME.",
                                 "en": "No occupation close to that: try another word, in French "
                                       "or English, or a ROME code."},
    "occupation.suggestions": {"fr": "Métiers proposés", "en": "Suggested occupations"},
    "field.skills": {"fr": "Compétences", "en": "Skills"},
    "field.skills.hint": {"fr": "Séparées par des virgules.", "en": "Separated by commas."},
    "field.accepts_sponsors": {"fr": "J'accepte d'être parrainé·e dès qu'un parrain me choisit",
                               "en": "I accept a sponsor as soon as one chooses me"},
    "field.availability_preset": {"fr": "Mes disponibilités", "en": "When I am free"},
    "preset.none": {"fr": "Je les indiquerai plus tard", "en": "I will say later"},
    "preset.lunch": {"fr": "À midi en semaine", "en": "Weekday lunchtimes"},
    "preset.coffee": {"fr": "Avant ou après le travail", "en": "Before or after work"},
    "preset.lunch_and_coffee": {"fr": "À midi, avant et après le travail",
                                "en": "Lunchtimes, before and after work"},
    "field.mentor.from": {"fr": "Métier que vous avez quitté", "en": "Occupation you left"},
    "field.mentor.to": {"fr": "Métier que vous avez rejoint", "en": "Occupation you moved to"},
    "field.mentor.moved_in": {"fr": "Année de votre reconversion", "en": "Year of your move"},
    "field.mentor.max_mentees": {"fr": "Nombre de personnes suivies à la fois",
                                 "en": "People you mentor at once"},
    "field.sponsor.capacity": {"fr": "Nombre de personnes parrainées à la fois",
                               "en": "People you sponsor at once"},
    "field.sponsor.radius_km": {"fr": "Distance maximale (km)", "en": "Greatest distance (km)"},
    "language.fr": {"fr": "Français", "en": "French"},
    "language.en": {"fr": "Anglais", "en": "English"},
    # --- sign-in
    "sign_in.title": {"fr": "Connexion", "en": "Sign in"},
    "sign_in.explain": {"fr": "Pas de mot de passe : nous vous envoyons un lien de connexion, "
                              "valable 15 minutes et une seule fois.",
                        "en": "No password: we email you a sign-in link, valid for 15 minutes "
                              "and once."},
    "sign_in.send": {"fr": "Recevoir le lien", "en": "Email me a link"},
    "sign_in.new_here": {"fr": "Nouveau ou nouvelle ?", "en": "New here?"},
    "sign_in.sent_title": {"fr": "Consultez vos e-mails", "en": "Check your email"},
    "sign_in.sent": {"fr": "Si cette adresse est inscrite, un lien de connexion vient d'y être "
                           "envoyé.",
                     "en": "If this address is registered, a sign-in link is on its way."},
    "sign_in.press": {"fr": "Appuyez sur le bouton pour vous connecter sur cet appareil.",
                      "en": "Press the button to sign in on this device."},
    "sign_in.button": {"fr": "Me connecter", "en": "Sign in"},
    "sign_in.link_refused": {"fr": "Ce lien a expiré ou a déjà servi. Demandez-en un nouveau.",
                             "en": "This link has expired or was used already. Ask for a new "
                                   "one."},
    # --- kinds, statuses
    "kind.cv_review": {"fr": "Relecture de CV", "en": "CV review"},
    "kind.cover_letter_review": {"fr": "Relecture de lettre de motivation",
                                 "en": "Cover-letter review"},
    "kind.coffee": {"fr": "Café", "en": "Coffee"},
    "kind.mock_interview": {"fr": "Entretien blanc", "en": "Mock interview"},
    "kind.network_intro": {"fr": "Mise en relation", "en": "Introduction"},
    "kind.lunch_mentoring": {"fr": "Déjeuner de mentorat", "en": "Mentoring lunch"},
    "kind.sponsorship": {"fr": "Parrainage", "en": "Sponsorship"},
    "status.label": {"fr": "État :", "en": "Status:"},
    "status.open": {"fr": "ouvert", "en": "open"},
    "status.matched": {"fr": "apparié", "en": "matched"},
    "status.fulfilled": {"fr": "réalisé", "en": "fulfilled"},
    "status.withdrawn": {"fr": "retiré", "en": "withdrawn"},
    "status.expired": {"fr": "expiré", "en": "expired"},
    "status.proposed": {"fr": "proposé", "en": "proposed"},
    "status.accepted": {"fr": "accepté", "en": "accepted"},
    "status.declined": {"fr": "décliné", "en": "declined"},
    "status.cancelled": {"fr": "annulé", "en": "cancelled"},
    "status.closed": {"fr": "clos", "en": "closed"},
    "status.active": {"fr": "en cours", "en": "active"},
    "status.ended": {"fr": "terminé", "en": "ended"},
    "status.erased": {"fr": "effacé", "en": "erased"},
    # --- donor
    "donor.title": {"fr": "Mes dons de temps", "en": "My pledges"},
    "donor.pledge": {"fr": "Donner du temps", "en": "Pledge some time"},
    "donor.pledge_button": {"fr": "Je m'engage", "en": "Pledge"},
    "donor.my_pledges": {"fr": "Mes engagements", "en": "My pledges"},
    "donor.no_pledges": {"fr": "Aucun engagement pour l'instant.", "en": "No pledge yet."},
    "donor.units": {"fr": "{used} unité(s) utilisée(s) sur {quantity}",
                    "en": "{used} of {quantity} unit(s) used"},
    "donor.until": {"fr": "jusqu'au {date}", "en": "until {date}"},
    "donor.achieved": {"fr": "Résultat : {helped} personne(s) aidée(s), {waiting} proposition(s) "
                             "en attente, {held} rendez-vous tenu(s)",
                       "en": "Achieved: {helped} person(s) helped, {waiting} proposal(s) "
                             "waiting, {held} meeting(s) held"},
    "donor.withdraw": {"fr": "Retirer", "en": "Withdraw"},
    # --- donor: each unit of a pledge, and the units paused after a silent match
    "donor.units_given": {"fr": "{given} unité(s) donnée(s) sur {quantity}",
                          "en": "{given} of {quantity} unit(s) given"},
    "donor.unit_states": {"fr": "Les unités de cet engagement", "en": "The units of this pledge"},
    "unit.offered": {"fr": "proposée", "en": "offered"},
    "unit.in_progress": {"fr": "en cours", "en": "in progress"},
    "unit.given": {"fr": "donnée", "en": "given"},
    "unit.paused": {"fr": "en pause", "en": "paused"},
    "unit.released": {"fr": "libérée", "en": "released"},
    "unit.withdrawn": {"fr": "retirée", "en": "withdrawn"},
    "unit.expired": {"fr": "expirée", "en": "expired"},
    "unit.due": {"fr": "à rendre avant le", "en": "due by"},
    "donor.paused_question": {
        "fr": "Le délai est passé sans nouvelles de votre part : la demande est allée à quelqu'un "
              "d'autre, et {count} unité(s) vous attend(ent) en pause. Voulez-vous toujours aider ?",
        "en": "The deadline passed without news from you: the request went to someone else, and "
              "{count} unit(s) wait for you, paused. Do you still want to help?"},
    "donor.resume": {"fr": "Oui, je veux toujours aider", "en": "Yes, I still want to help"},
    "donor.release": {"fr": "Non, libérez-la", "en": "No, release it"},
    "done.resumed": {"fr": "Merci ! Votre unité est de nouveau proposée.",
                     "en": "Thank you! Your unit is offered again."},
    "done.released": {"fr": "C'est noté : cette unité n'est plus proposée.",
                      "en": "Noted: this unit is no longer offered."},
    "field.kind": {"fr": "Type d'aide", "en": "Kind of help"},
    "field.quantity": {"fr": "Combien d'unités", "en": "How many units"},
    "field.valid_until": {"fr": "Jusqu'au", "en": "Until"},
    "field.valid_until.hint": {"fr": "Facultatif.", "en": "Optional."},
    "field.where": {"fr": "Où", "en": "Where"},
    "where.remote": {"fr": "À distance", "en": "Remotely"},
    "where.in_person": {"fr": "En personne", "en": "In person"},
    "where.in_person_km": {"fr": "en personne, jusqu'à {km} km", "en": "in person, up to {km} km"},
    "field.radius_km": {"fr": "Distance maximale en personne (km)",
                        "en": "Greatest distance in person (km)"},
    "field.radius_km.hint": {"fr": "Seulement pour une aide en personne.",
                             "en": "Only for help in person."},
    # --- seeker
    "seeker.title": {"fr": "Mes demandes", "en": "My requests"},
    "seeker.ask": {"fr": "Demander de l'aide", "en": "Ask for help"},
    "seeker.ask_button": {"fr": "Envoyer ma demande", "en": "Send my request"},
    "seeker.my_requests": {"fr": "Mes demandes en cours", "en": "My requests"},
    "seeker.no_requests": {"fr": "Aucune demande pour l'instant.", "en": "No request yet."},
    "seeker.withdraw": {"fr": "Retirer", "en": "Withdraw"},
    "field.request_kind": {"fr": "De quoi avez-vous besoin ?", "en": "What do you need?"},
    "field.note": {"fr": "Un mot pour la personne (facultatif)",
                   "en": "A word for the other person (optional)"},
    # --- matches and meetings
    "matches.title": {"fr": "Mes binômes", "en": "My matches"},
    "matches.none": {"fr": "Pas encore de binôme.", "en": "No match yet."},
    "matches.someone": {"fr": "quelqu'un", "en": "someone"},
    "matches.why": {"fr": "Pourquoi ce binôme", "en": "Why this match"},
    "matches.details": {"fr": "Le détail du calcul", "en": "How it was scored"},
    "matches.accept": {"fr": "Accepter", "en": "Accept"},
    "matches.decline": {"fr": "Décliner", "en": "Decline"},
    "matches.waiting_other": {"fr": "En attente de la réponse de l'autre personne.",
                              "en": "Waiting for the other person's answer."},
    "contact.revealed": {"fr": "Contact :", "en": "Contact:"},
    "match.title": {"fr": "Pourquoi ce binôme", "en": "Why this match"},
    "match.terms": {"fr": "Chaque critère et son poids", "en": "Each term and its weight"},
    "match.term": {"fr": "Critère", "en": "Term"},
    "match.weight": {"fr": "Poids", "en": "Weight"},
    "match.affinity": {"fr": "Affinité", "en": "Affinity"},
    "talk.title": {"fr": "Vos messages", "en": "Your messages"},
    "talk.private": {"fr": "Seules vous deux lisez cette conversation. Ni adresse ni téléphone "
                           "n'y sont nécessaires.",
                     "en": "Only the two of you read this conversation. Neither an address nor a "
                           "phone number is needed here."},
    "talk.empty": {"fr": "Aucun message pour l'instant : écrivez le premier.",
                   "en": "No message yet: write the first one."},
    "talk.you": {"fr": "Vous", "en": "You"},
    "talk.older": {"fr": "Messages plus anciens", "en": "Older messages"},
    "talk.newer": {"fr": "Messages plus récents", "en": "Newer messages"},
    "talk.write": {"fr": "Votre message", "en": "Your message"},
    "talk.send": {"fr": "Envoyer", "en": "Send"},
    "talk.closed.blocked": {
        "fr": "Cette conversation est close : l'un de vous a bloqué l'autre. Elle reste lisible, "
              "mais personne ne peut plus y écrire.",
        "en": "This conversation is closed: one of you blocked the other. It stays readable, but "
              "nobody can write in it any more."},
    "talk.closed.ended": {
        "fr": "Cette conversation est close : ce binôme a été annulé. Elle reste lisible, mais "
              "personne ne peut plus y écrire.",
        "en": "This conversation is closed: this match was called off. It stays readable, but "
              "nobody can write in it any more."},
    # --- turnaround (issue 14): the help's deadline on the match page
    "talk.closed.reassigned": {
        "fr": "Cette conversation est close : l'aide n'est pas venue à temps et la demande a été "
              "confiée à quelqu'un d'autre. Elle reste lisible, mais personne ne peut plus y "
              "écrire.",
        "en": "This conversation is closed: the help did not come by its deadline and the "
              "request went to another donor. It stays readable, but nobody can write in it any "
              "more."},
    "delivery.title": {"fr": "Délai", "en": "Deadline"},
    "delivery.due_by": {"fr": "Aide attendue d'ici le", "en": "Help due by"},
    "delivery.overdue": {"fr": "Le délai est passé.", "en": "The deadline has passed."},
    "delivery.moves_on": {"fr": "Sans nouvelles, Binôme confiera la demande à quelqu'un d'autre "
                                "le", "en": "Without news, Binôme gives the request to another "
                                            "donor on"},
    "delivery.ask_hint": {"fr": "Vous pouvez dès maintenant demander quelqu'un d'autre : votre "
                                "demande repart en attente et la personne suivante vous est "
                                "proposée.",
                          "en": "You may ask for another donor now: your request goes back in "
                                "line and the next donor who can help is proposed to you."},
    "delivery.ask_another": {"fr": "Demander quelqu'un d'autre",
                             "en": "Ask for another donor"},
    "delivery.seeker_hint": {"fr": "Passé ce délai sans aide, vous pourrez demander quelqu'un "
                                   "d'autre.",
                             "en": "If no help has come by then, you may ask for another donor."},
    "delivery.donor_hint": {"fr": "Vous serez rappelé·e à mi-parcours et la veille.",
                            "en": "You will be reminded halfway and the day before."},
    "delivery.reassigned.seeker": {
        "fr": "L'aide n'est pas venue à temps : votre demande a été confiée à quelqu'un d'autre. "
              "Vos nouvelles propositions sont sur la page de vos demandes.",
        "en": "The help did not come in time: your request went to another donor. Your new "
              "proposals are on your requests page."},
    "delivery.reassigned.donor": {
        "fr": "Le délai est passé sans nouvelles : la demande a été confiée à quelqu'un d'autre, "
              "et cette unité de votre don est en pause. Voulez-vous toujours aider ?",
        "en": "The deadline passed without news: the request went to another donor, and this "
              "unit of your pledge is paused. Do you still want to help?"},
    "delivery.to_pledges": {"fr": "Répondre sur la page de vos dons",
                            "en": "Answer on your pledges page"},
    "done.another_donor": {"fr": "C'est fait : nous vous cherchons quelqu'un d'autre.",
                           "en": "Done: we are finding you another donor."},
    "status.reassigned": {"fr": "confié à quelqu'un d'autre", "en": "moved to another donor"},
    # --- the help given on a match's page: a review, an introduction (pages_reviews.py)
    "review.title.cv_review": {"fr": "La relecture du CV", "en": "The review of the CV"},
    "review.title.cover_letter_review": {"fr": "La relecture de la lettre de motivation",
                                         "en": "The review of the cover letter"},
    "review.return_hint": {
        "fr": "Écrivez vos remarques : ce qui fonctionne, ce qui manque, ce que vous changeriez. "
              "Elles ne sont envoyées qu'une fois, et seule la personne aidée les lit.",
        "en": "Write your comments: what works, what is missing, what you would change. They "
              "are sent once, and only the person you help reads them."},
    "review.comments": {"fr": "Vos remarques", "en": "Your comments"},
    "review.return": {"fr": "Rendre la relecture", "en": "Return the review"},
    "review.annotated_file": {"fr": "Un fichier annoté (facultatif)",
                              "en": "An annotated file (optional)"},
    "review.annotated_file_hint": {
        "fr": "Le document avec vos corrections : PDF, DOCX ou ODT, 5 Mo au plus. Seule la "
              "personne aidée pourra le télécharger, jamais par e-mail.",
        "en": "The document with your corrections: PDF, DOCX or ODT, 5 MB at most. Only the "
              "person you help can download it, never by email."},
    "review.waiting_for_donor": {
        "fr": "La relecture n'est pas encore rendue. Vous serez prévenu·e par e-mail.",
        "en": "The review is not returned yet. You will be told by email."},
    "review.closed": {"fr": "Ce binôme est clos : la relecture ne peut plus être rendue.",
                      "en": "This match is closed: the review can no longer be returned."},
    "review.returned_on": {"fr": "Relecture rendue le", "en": "Review returned on"},
    "review.file": {"fr": "Télécharger le fichier annoté", "en": "Download the annotated file"},
    "review.rated": {"fr": "Note donnée : {rating}/5", "en": "Rated {rating}/5"},
    "review.rate": {"fr": "Cette relecture vous a-t-elle aidé·e ? (1 : peu, 5 : beaucoup)",
                    "en": "How useful was this review? (1: a little, 5: a lot)"},
    "review.rate_hint": {"fr": "Vous notez une seule fois.", "en": "You rate it once."},
    "review.pick_rating": {"fr": "Choisissez une note de 1 à 5.",
                           "en": "Pick a rating from 1 to 5."},
    "review.thanks": {"fr": "Un mot de remerciement (facultatif)",
                      "en": "A word of thanks (optional)"},
    "review.send_rating": {"fr": "Envoyer ma note", "en": "Send my rating"},
    "review.not_rated_yet": {"fr": "La personne aidée n'a pas encore noté votre relecture.",
                             "en": "The person you helped has not rated your review yet."},
    "review.state.waiting.seeker": {"fr": "Relecture : en attente du retour",
                                    "en": "Review: waiting for it"},
    "review.state.waiting.donor": {"fr": "Relecture : à rendre", "en": "Review: yours to return"},
    "review.state.returned.seeker": {"fr": "Relecture rendue : lisez-la et notez-la",
                                     "en": "Review returned: read and rate it"},
    "review.state.returned.donor": {"fr": "Relecture rendue", "en": "Review returned"},
    "review.state.rated.seeker": {"fr": "Relecture lue et notée", "en": "Review read and rated"},
    "review.state.rated.donor": {"fr": "Relecture notée : voyez la note",
                                 "en": "Review rated: see the rating"},
    "introduction.given": {"fr": "Mise en relation faite", "en": "Introduction made"},
    "introduction.title": {"fr": "La mise en relation", "en": "The introduction"},
    "introduction.ask": {"fr": "La mise en relation a-t-elle été faite ? Dites-le quand c'est "
                               "le cas : l'aide compte alors pour la personne qui vous l'a donnée.",
                         "en": "Was the introduction made? Say so once it is: the help then "
                               "counts for the person who gave it."},
    "introduction.confirm": {"fr": "La mise en relation a été faite",
                             "en": "The introduction was made"},
    "introduction.confirmed": {"fr": "Mise en relation confirmée le",
                               "en": "Introduction confirmed on"},
    "introduction.waiting": {"fr": "La personne aidée confirmera la mise en relation une fois "
                                   "faite.",
                             "en": "The person you help confirms the introduction once it is "
                                   "made."},
    "done.review_returned": {"fr": "Votre relecture est rendue. Merci !",
                             "en": "Your review is returned. Thank you!"},
    "done.review_rated": {"fr": "Votre note est envoyée.", "en": "Your rating is sent."},
    "done.introduction_confirmed": {"fr": "C'est noté : la mise en relation a été faite.",
                                    "en": "Noted: the introduction was made."},
    "meeting.title": {"fr": "Rendez-vous", "en": "Meeting"},
    "meeting.where": {"fr": "Lieu :", "en": "Where:"},
    "meeting.when": {"fr": "Quand :", "en": "When:"},
    "meeting.pick": {"fr": "Choisissez un créneau", "en": "Pick a time"},
    "meeting.pick_one": {"fr": "Choisissez un des créneaux.", "en": "Pick one of the times."},
    "meeting.book": {"fr": "Réserver ce créneau", "en": "Book this time"},
    "meeting.other_picks": {"fr": "L'autre personne choisit le créneau.",
                            "en": "The other person picks the time."},
    "meeting.invite": {"fr": "Télécharger l'invitation (.ics)", "en": "Download the invite (.ics)"},
    "meeting.status.awaiting_slots": {"fr": "recherche de créneaux", "en": "finding times"},
    "meeting.status.proposed": {"fr": "créneaux proposés", "en": "times proposed"},
    "meeting.status.confirmed": {"fr": "confirmé", "en": "confirmed"},
    "meeting.status.held": {"fr": "a eu lieu", "en": "held"},
    "meeting.status.cancelled": {"fr": "annulé", "en": "cancelled"},
    "meeting.status.no_common_time": {"fr": "pas de créneau commun", "en": "no common time"},
    "term.base": {"fr": "Base", "en": "Base"},
    # --- mentor
    "mentor.title": {"fr": "Mon mentorat", "en": "My mentoring"},
    "mentor.move": {"fr": "Votre reconversion : de {start} à {end}",
                    "en": "Your move: from {start} to {end}"},
    "mentor.mentees": {"fr": "Les personnes que j'accompagne", "en": "My mentees"},
    "mentor.no_mentees": {"fr": "Personne pour l'instant.", "en": "Nobody yet."},
    "mentor.availability": {"fr": "Mes disponibilités à midi", "en": "My lunchtime availability"},
    "mentor.grid_help": {"fr": "Cochez les demi-heures où vous pouvez déjeuner, à l'heure de "
                               "votre fuseau horaire.",
                         "en": "Tick the half hours when you can have lunch, on your own clock."},
    "mentor.save_grid": {"fr": "Enregistrer mes disponibilités", "en": "Save my availability"},
    # --- sponsor
    "sponsor.title": {"fr": "Parrainer", "en": "Sponsor someone"},
    "sponsor.help": {"fr": "Flèche droite ou « Oui » : vous aimeriez parrainer cette personne. "
                           "Flèche gauche ou « Passer » : pas cette fois. Vous pouvez aussi faire "
                           "glisser la carte.",
                     "en": "Right arrow or \"Yes\": you would like to sponsor this person. Left "
                           "arrow or \"Pass\": not this time. You can also drag the card."},
    "sponsor.card": {"fr": "Profil proposé", "en": "Suggested profile"},
    "sponsor.my_people": {"fr": "Les personnes que je parraine", "en": "People I sponsor"},
    "deck.like": {"fr": "Oui", "en": "Yes"},
    "deck.pass": {"fr": "Passer", "en": "Pass"},
    "deck.why": {"fr": "Pourquoi cette carte ?", "en": "Why this card?"},
    "deck.empty": {"fr": "Plus de profil à vous montrer pour l'instant.",
                   "en": "No more profiles to show you for now."},
    "deck.mutual": {"fr": "C'est réciproque ! Le parrainage commence.",
                    "en": "It's mutual! The sponsorship starts."},
    "deck.sponsored_link": {"fr": "Voir ses coordonnées", "en": "See their contact details"},
    "deck.error": {"fr": "Le choix n'a pas pu être enregistré.", "en": "The swipe was not saved."},
    # Any 429 on a swipe: too many swipes in a minute, or the limit on contacts revealed (a day)
    # or on new sponsorships after ending many; the like was not kept either way.
    "deck.rate_limited": {"fr": "Pas enregistré : vous avez atteint une limite (trop de choix à "
                                "la suite, ou de mises en relation pour aujourd'hui). Réessayez "
                                "plus tard.",
                          "en": "Not saved: you reached a limit (too many swipes in a row, or "
                                "too many new contacts for today). Try again later."},
    "deck.target": {"fr": "Vise :", "en": "Aims for:"},
    "deck.skills": {"fr": "Compétences :", "en": "Skills:"},
    "deck.speaks": {"fr": "Parle :", "en": "Speaks:"},
    "deck.lives": {"fr": "Quartier :", "en": "Neighbourhood:"},
    "deck.liked": {"fr": "Oui enregistré.", "en": "Yes recorded."},
    "deck.passed": {"fr": "Passé.", "en": "Passed."},
    "sponsored.title": {"fr": "Les personnes que je parraine", "en": "People I sponsor"},
    "sponsored.none": {"fr": "Personne pour l'instant.", "en": "Nobody yet."},
    "sponsored.contact_soon": {"fr": "Les coordonnées arrivent dans un instant.",
                               "en": "The contact details are on their way."},
    "sponsored.since": {"fr": "Depuis le", "en": "Since"},
    "sponsored.back": {"fr": "Retour aux profils", "en": "Back to the profiles"},
    # --- a job seeker's answer to the sponsors who liked them
    "sponsors.title": {"fr": "Les parrains qui aimeraient vous aider",
                       "en": "Sponsors who would like to help you"},
    "sponsors.mine": {"fr": "Qui me parraine", "en": "My sponsor"},
    "sponsors.waiting": {"fr": "Ils attendent votre réponse", "en": "Waiting for your answer"},
    "sponsors.intro": {"fr": "Ces personnes ont vu votre profil et aimeraient vous accompagner dans "
                             "votre recherche d'emploi. Dites oui : vous verrez chacun comment "
                             "joindre l'autre. Dites non merci : elles n'en seront pas informées.",
                       "en": "These people saw your profile and would like to help you in your job "
                             "search. Say yes and you will each see how to reach the other; say no "
                             "thanks and they will not be told."},
    "sponsors.none": {"fr": "Aucun parrain n'attend votre réponse pour l'instant.",
                      "en": "No sponsor is waiting for your answer for now."},
    "sponsors.helps_towards": {"fr": "Peut aider vers :", "en": "Can help towards:"},
    "sponsors.any_occupation": {"fr": "Tous les métiers", "en": "Any occupation"},
    "sponsors.radius": {"fr": "Se déplace :", "en": "Travels:"},
    "sponsors.km": {"fr": "jusqu'à {km} km de chez lui ou elle", "en": "up to {km} km from home"},
    "sponsors.liked_on": {"fr": "A aimé votre profil le :", "en": "Liked your profile on:"},
    "sponsors.like": {"fr": "Oui, j'aimerais son aide", "en": "Yes, I would like their help"},
    "sponsors.pass": {"fr": "Non merci", "en": "No thanks"},
    "sponsors.pages": {"fr": "Pages de parrains", "en": "Pages of sponsors"},
    "seeker.sponsors_link": {"fr": "Voir les parrains qui aimeraient vous aider",
                             "en": "See the sponsors who would like to help you"},
    # --- inbox
    "inbox.title": {"fr": "Messages", "en": "Inbox"},
    "inbox.summary": {"fr": "{total} message(s), dont {unread} non lu(s).",
                      "en": "{total} message(s), {unread} unread."},
    "inbox.empty": {"fr": "Aucun message.", "en": "No message."},
    "inbox.new": {"fr": "nouveau", "en": "new"},
    "inbox.mark_read": {"fr": "Marquer comme lu", "en": "Mark as read"},
    "inbox.all_read": {"fr": "Tout marquer comme lu", "en": "Mark all as read"},
    "inbox.pages": {"fr": "Pages de messages", "en": "Inbox pages"},
    "pager.previous": {"fr": "Précédente", "en": "Previous"},
    "pager.next": {"fr": "Suivante", "en": "Next"},
    "pager.of": {"fr": "Page {page} sur {pages}", "en": "Page {page} of {pages}"},
    # --- preferences
    "prefs.title": {"fr": "Préférences", "en": "Preferences"},
    "prefs.notifications": {"fr": "Notifications", "en": "Notifications"},
    "prefs.quiet_hours": {"fr": "Heures calmes (aucun e-mail)", "en": "Quiet hours (no email)"},
    "prefs.quiet_start": {"fr": "De", "en": "From"},
    "prefs.quiet_end": {"fr": "À", "en": "To"},
    "prefs.meetings": {"fr": "Rendez-vous", "en": "Meetings"},
    "prefs.remote_only": {"fr": "Seulement à distance", "en": "Remote only"},
    "prefs.longer_meetings": {"fr": "Des rendez-vous plus longs quand c'est possible",
                              "en": "Longer meetings where possible"},
    "prefs.paused": {"fr": "Vos rendez-vous sont en pause après deux absences.",
                     "en": "Your meetings are paused after two no-shows."},
    "category.account": {"fr": "Compte", "en": "Account"},
    "category.pledges": {"fr": "Dons de temps", "en": "Pledges"},
    "category.matches": {"fr": "Binômes", "en": "Matches"},
    "category.meetings": {"fr": "Rendez-vous", "en": "Meetings"},
    "category.reminders": {"fr": "Rappels", "en": "Reminders"},
    "category.feedback": {"fr": "Retours", "en": "Feedback"},
    "category.cards": {"fr": "Profils et parrainages", "en": "Cards and sponsorships"},
    "category.digest": {"fr": "Récapitulatif", "en": "Digest"},
    "category.messages": {"fr": "Messages", "en": "Messages"},
    "mode.instant": {"fr": "Tout de suite", "en": "At once"},
    "mode.daily": {"fr": "Dans le récapitulatif du jour", "en": "In the daily digest"},
    "mode.off": {"fr": "Jamais par e-mail", "en": "Never by email"},
    # --- my data
    "account.title": {"fr": "Mes données", "en": "My data"},
    "account.roles": {"fr": "Rôles", "en": "Roles"},
    "account.export": {"fr": "Exporter mes données", "en": "Export my data"},
    "account.export_explain": {"fr": "Tout ce que Binôme sait de vous, en un fichier JSON.",
                               "en": "Everything Binôme holds about you, as one JSON file."},
    "account.export_button": {"fr": "Télécharger (JSON)", "en": "Download (JSON)"},
    "account.delete": {"fr": "Supprimer mon compte", "en": "Delete my account"},
    "account.delete_explain": {"fr": "Vos données sont effacées de tous les services. C'est "
                                     "définitif.",
                               "en": "Your data is erased from every service. This cannot be "
                                     "undone."},
    "account.confirm": {"fr": "Je confirme vouloir supprimer mon compte",
                        "en": "I confirm I want to delete my account"},
    "account.confirm_needed": {"fr": "Cochez la case pour confirmer.",
                               "en": "Tick the box to confirm."},
    "account.delete_button": {"fr": "Supprimer définitivement", "en": "Delete for good"},
    # --- operator
    "operator.title": {"fr": "Exploitation", "en": "Operations"},
    "operator.impact_link": {"fr": "Tableau d'impact", "en": "Impact dashboard"},
    "operator.parked_link": {"fr": "Messages en attente", "en": "Parked messages"},
    "operator.run_round": {"fr": "Lancer un tour d'appariement", "en": "Run a matching round"},
    "operator.run": {"fr": "Lancer", "en": "Run"},
    "operator.last_rounds": {"fr": "Derniers tours", "en": "Last rounds"},
    "operator.no_rounds": {"fr": "Aucun tour pour l'instant.", "en": "No round yet."},
    "operator.when": {"fr": "Quand", "en": "When"},
    "operator.requests": {"fr": "Demandes", "en": "Requests"},
    "operator.offers": {"fr": "Offres", "en": "Offers"},
    "operator.matched": {"fr": "Appariés", "en": "Matched"},
    "operator.mean_affinity": {"fr": "Affinité moyenne", "en": "Mean affinity"},
    "operator.greedy": {"fr": "Glouton (total)", "en": "Greedy (total)"},
    "operator.stable": {"fr": "Stable (total)", "en": "Stable (total)"},
    "operator.ending_often": {"fr": "Parrains qui arrêtent souvent",
                              "en": "Sponsors who keep ending sponsorships"},
    "operator.ending_often_explain": {
        "fr": "Au-delà de deux parrainages arrêtés en 7 jours (en bloquant ou en annulant), le "
              "suivant attend un jour, puis deux, puis quatre, sept au plus : chaque parrainage "
              "révèle les coordonnées d'une personne.",
        "en": "Beyond two sponsorships ended in 7 days (by blocking or cancelling), the next one "
              "waits a day, then two, then four, seven at most: each sponsorship reveals a "
              "person's contact details."},
    "operator.no_ending_often": {"fr": "Personne en ce moment.", "en": "Nobody at the moment."},
    "operator.sponsor": {"fr": "Parrain ou marraine", "en": "Sponsor"},
    "operator.endings": {"fr": "Arrêts en 7 jours", "en": "Ended in 7 days"},
    "operator.last_ended": {"fr": "Dernier arrêt", "en": "Last ended"},
    "operator.waits_until": {"fr": "Attend jusqu'au", "en": "Waits until"},
    "parked.title": {"fr": "Messages en attente", "en": "Parked messages"},
    "parked.explain": {"fr": "Ce que chaque service a mis de côté après ses essais ; cochez et "
                             "remettez en file.",
                       "en": "What each service set aside after its retries; tick and put back "
                             "in line."},
    "parked.count": {"fr": "{count} en attente", "en": "{count} parked"},
    "parked.replay": {"fr": "Rejouer", "en": "Replay"},
    "parked.replay_one": {"fr": "Rejouer {event}", "en": "Replay {event}"},
    "parked.replay_selected": {"fr": "Rejouer la sélection", "en": "Replay the selection"},
    "parked.event": {"fr": "Événement", "en": "Event"},
    "parked.channel": {"fr": "Canal", "en": "Channel"},
    "parked.attempts": {"fr": "Essais", "en": "Attempts"},
    "parked.reason": {"fr": "Erreur", "en": "Error"},
    "parked.when": {"fr": "Depuis", "en": "Since"},
    "impact.title": {"fr": "Impact", "en": "Impact"},
    "impact.people": {"fr": "{count} personne(s) inscrite(s)", "en": "{count} people registered"},
    "impact.pledges_chart": {"fr": "Engagements pris et réalisés, par type d'aide",
                             "en": "Pledges made and fulfilled, per kind of help"},
    "impact.made": {"fr": "pris", "en": "made"},
    "impact.fulfilled": {"fr": "réalisés", "en": "fulfilled"},
    "impact.time_chart": {"fr": "Délai avant appariement (heures), par type d'aide",
                          "en": "Time to match (hours), per kind of help"},
    "impact.time_to_match": {"fr": "Heures entre une demande d'aide et l'acceptation de sa "
                                   "proposition, sur les binômes acceptés et non annulés depuis.",
                             "en": "Hours from a request for help to the acceptance of its "
                                   "proposal, over matches accepted and not cancelled since."},
    "impact.median_hours": {"fr": "médiane", "en": "median"},
    "impact.p90_hours": {"fr": "90e centile", "en": "90th percentile"},
    "impact.meetings_chart": {"fr": "Rendez-vous tenus par semaine", "en": "Meetings held per week"},
    "impact.meetings_held": {"fr": "rendez-vous tenus", "en": "meetings held"},
    "impact.ratings_chart": {"fr": "Notes données après les rendez-vous",
                             "en": "Ratings given after meetings"},
    "impact.answers": {"fr": "réponses", "en": "answers"},
    "impact.no_data": {"fr": "Pas encore de données.", "en": "No data yet."},
    "impact.table_of": {"fr": "Données : {title}", "en": "Data: {title}"},
    "impact.mean_rating": {"fr": "Note moyenne : {mean} ; absences : {no_shows}",
                           "en": "Mean rating: {mean}; no-shows: {no_shows}"},
    # --- outcomes three months on (the emailed link's page, the impact page, the donor's line)
    "outcome.title": {"fr": "Où en êtes-vous ?", "en": "Where do you stand?"},
    "outcome.intro": {"fr": "Il y a quelques mois, quelqu'un vous a donné de son temps grâce à "
                            "Binôme. Dites-nous où vous en êtes : trois questions, puis Envoyer.",
                      "en": "A few months ago, someone gave you their time through Binôme. Tell "
                            "us where you stand: three questions, then Send."},
    "outcome.situation": {"fr": "Aujourd'hui :", "en": "Today:"},
    "outcome.situation.found_job": {"fr": "J'ai trouvé un emploi", "en": "I found a job"},
    "outcome.situation.in_training": {"fr": "J'ai commencé une formation",
                                      "en": "I started a training"},
    "outcome.situation.still_looking": {"fr": "Je cherche toujours", "en": "I am still looking"},
    "outcome.helped": {"fr": "Binôme vous a-t-il aidé ?", "en": "Did Binôme help you?"},
    "outcome.helped.yes": {"fr": "Oui", "en": "Yes"},
    "outcome.helped.no": {"fr": "Non", "en": "No"},
    "outcome.satisfaction": {"fr": "Votre satisfaction, de 1 (pas du tout) à 5 (tout à fait) :",
                             "en": "How satisfied are you, from 1 (not at all) to 5 (fully)?"},
    "outcome.privacy": {"fr": "Votre réponse est comptée de façon anonyme : les personnes qui vous "
                              "ont aidé voient seulement combien de celles qu'elles ont aidées ont "
                              "trouvé du travail, jamais qui. Vous ne répondez qu'une fois.",
                        "en": "Your answer is counted anonymously: the people who helped you only "
                              "ever see how many of those they helped found work, never who. You "
                              "answer once."},
    "outcome.send": {"fr": "Envoyer", "en": "Send"},
    "outcome.closed.answered": {"fr": "Cette question a déjà reçu sa réponse. Merci !",
                                "en": "This question has been answered. Thank you!"},
    "outcome.closed.expired": {"fr": "Cette question est close : les liens fonctionnent 60 jours.",
                               "en": "This question has closed: links work for 60 days."},
    "outcome.closed.unknown": {"fr": "Ce lien est inconnu : vérifiez qu'il a été copié en entier.",
                               "en": "This link is unknown: check that it was copied whole."},
    "outcome.closed.not_asked": {"fr": "Nous ne vous avons pas encore demandé où vous en êtes.",
                                 "en": "You have not been asked where you stand yet."},
    "done.answered": {"fr": "Merci ! Votre réponse est enregistrée.",
                      "en": "Thank you! Your answer is recorded."},
    "impact.outcomes_chart": {"fr": "Trois mois après : réponses par type d'aide reçue (%)",
                              "en": "Three months on: answers by kind of help received (%)"},
    "impact.outcomes": {"fr": "Questionnés : {asked} ; réponses : {answered}",
                        "en": "Asked: {asked}; answered: {answered}"},
    "impact.satisfied": {"fr": "satisfaits", "en": "satisfied"},
    "impact.found_job": {"fr": "ont trouvé un emploi", "en": "found a job"},
    "impact.helped": {"fr": "Binôme a aidé", "en": "Binôme helped"},
    "impact.outcomes_meaning": {
        "fr": "Chaque personne aidée est questionnée une fois, trois mois après sa première aide. "
              "Satisfaits : 4 ou 5 sur 5. « Binôme a aidé » : parmi celles qui ont trouvé un "
              "emploi ou une formation. Une personne compte pour chaque type d'aide reçu.",
        "en": "Each person helped is asked once, three months after their first help. Satisfied: "
              "4 or 5 out of 5. \"Binôme helped\": of those who found a job or a training. A "
              "person counts under each kind of help they received."},
    "donor.found_work": {"fr": "{count} personne(s) que vous avez aidée(s) ont trouvé du travail.",
                         "en": "{count} people you helped have found work."},
    "donor.found_work_one": {"fr": "1 personne que vous avez aidée a trouvé du travail.",
                             "en": "1 person you helped has found work."},
    # --- pages
    # The footer's links, on every page.
    "footer.privacy": {"fr": "Confidentialité", "en": "Privacy"},
    "footer.legal": {"fr": "Mentions légales", "en": "Legal notice"},
    "footer.links": {"fr": "Informations", "en": "About this site"},
    # The header's menu on a phone (a <details> that opens without script).
    "nav.menu": {"fr": "Menu", "en": "Menu"},
    # Error pages: what no route answers, and what failed.
    "error.title_not_found": {"fr": "Page introuvable", "en": "Page not found"},
    "error.title_wrong_method": {"fr": "Action impossible ici", "en": "Not possible here"},
    "error.title_unexpected": {"fr": "Erreur du serveur", "en": "Server error"},
    "error.no_such_page": {
        "fr": "Cette page n'existe pas, ou plus. Vérifiez l'adresse, ou repartez de l'accueil.",
        "en": "This page does not exist, or no longer does. Check the address, or start again "
              "from the home page."},
    "error.wrong_method": {
        "fr": "Cette page ne s'utilise pas ainsi : ouvrez-la depuis un lien ou un bouton de "
              "Binôme.",
        "en": "This page cannot be used this way: open it from a link or a button in Binôme."},
    # The landing page's "how it works", one list per side, true to what Binôme does.
    "how.title": {"fr": "Comment ça marche", "en": "How it works"},
    "how.give": {"fr": "Vous donnez du temps", "en": "You give time"},
    "how.give.1": {"fr": "Vous promettez des unités d'aide précises : « 3 relectures de CV », "
                         "« 1 café », ou des déjeuners de mentorat pour qui fait le chemin que "
                         "vous avez fait.",
                   "en": "You pledge precise units of help: \"3 CV reviews\", \"1 coffee\", or "
                         "lunches as a mentor for someone making the move you made."},
    "how.give.2": {"fr": "Binôme vous propose la personne avec qui vous avez le plus en commun "
                         "(métier visé, compétences, langues, distance), et vous dit pourquoi. "
                         "Vous acceptez ou refusez.",
                   "en": "Binôme proposes the person you have the most in common with (the job "
                         "they aim for, skills, languages, distance), and tells you why. You "
                         "accept or decline."},
    "how.give.3": {"fr": "Pour un café ou un déjeuner, Binôme trouve un créneau qui vous va à "
                         "tous les deux et vous envoie l'invitation d'agenda.",
                   "en": "For a coffee or a lunch, Binôme finds a time that suits you both and "
                         "sends you the calendar invite."},
    "how.give.4": {"fr": "Vous aidez. Trois mois plus tard, Binôme demande à la personne aidée "
                         "où elle en est, et vous dit ce que votre temps a permis, sans nommer "
                         "personne.",
                   "en": "You help. Three months later, Binôme asks the person you helped where "
                         "they stand, and tells you what your time led to, naming no one."},
    "how.ask": {"fr": "Vous cherchez un emploi ou changez de métier",
                "en": "You are looking for work or changing careers"},
    "how.ask.1": {"fr": "Vous demandez une aide : relecture de CV ou de lettre, café, entretien "
                        "blanc, mise en relation, ou un déjeuner avec un mentor qui a fait la "
                        "même reconversion.",
                  "en": "You ask for help: a CV or cover-letter review, a coffee, a mock "
                        "interview, an introduction, or a lunch with a mentor who made the same "
                        "career change."},
    "how.ask.2": {"fr": "Binôme vous propose la personne qui vous correspond le mieux, avec la "
                        "raison (« travaille dans le métier que vous visez… »). Personne ne voit "
                        "vos coordonnées sans votre accord.",
                  "en": "Binôme proposes the person who fits you best, with the reason (\"works "
                        "in the job you are aiming for…\"). Nobody sees your contact details "
                        "without your consent."},
    "how.ask.3": {"fr": "Vous choisissez l'un des créneaux proposés ; l'invitation arrive par "
                        "e-mail et dans vos messages.",
                  "en": "You pick one of the times proposed; the invite comes by email and in "
                        "your inbox."},
    "how.ask.4": {"fr": "Vous êtes aidé·e. Trois mois plus tard, une seule question : où en "
                        "êtes-vous, et Binôme vous a-t-il aidé·e ?",
                  "en": "You get the help. Three months later, one question: where do you stand, "
                        "and did Binôme help?"},
    "how.sponsor": {"fr": "Les parrains et marraines parcourent des profils anonymes choisis par "
                          "affinité ; un oui des deux côtés (la personne accompagnée peut le dire "
                          "d'avance) lance le parrainage, et alors seulement chacun voit les "
                          "coordonnées de l'autre.",
                    "en": "Sponsors browse anonymised profiles chosen by affinity; a yes on both "
                          "sides (the person sponsored may say it in advance) starts the "
                          "sponsorship, and only then does each see the other's contact "
                          "details."},
    "how.rounds": {"fr": "Les mises en relation se font par tours réguliers : chaque aide promise "
                         "va là où elle compte le plus.",
                   "en": "Matches are made in regular rounds: each unit of help goes where it "
                         "counts most."},
    # Shown beside the sign-up forms' submit button.
    "sign_up.privacy": {"fr": "Ce que nous faisons de ces informations, qui les voit et combien "
                              "de temps : {link}.",
                        "en": "What we do with these details, who sees them and for how long: "
                              "{link}."},
    "sign_up.privacy_link": {"fr": "notice de confidentialité", "en": "privacy notice"},
    # The privacy notice (/privacy).
    "privacy.title": {"fr": "Notice de confidentialité", "en": "Privacy notice"},
    "privacy.intro": {
        "fr": "Binôme met en relation des personnes qui donnent du temps et des personnes qui "
              "cherchent un emploi. Cette notice dit ce que ce site recueille sur vous, pourquoi, "
              "qui le voit et quand, combien de temps il le garde, et comment exercer vos droits.",
        "en": "Binôme pairs people who give time with people looking for work. This notice says "
              "what this site collects about you, why, who sees it and when, how long it is kept, "
              "and how to use your rights."},
    "privacy.controller": {"fr": "Responsable du traitement : {publisher}.",
                           "en": "Data controller: {publisher}."},
    "privacy.collect": {"fr": "Ce que nous recueillons, et pourquoi",
                        "en": "What we collect, and why"},
    "privacy.collect.name": {
        "fr": "Vos prénom et nom : pour vous présenter aux personnes avec qui vous êtes mis·e en "
              "relation (les autres ne voient que votre prénom et une initiale).",
        "en": "Your first and last names: to introduce you to the people you are matched with "
              "(everyone else sees only your first name and an initial)."},
    "privacy.collect.email": {
        "fr": "Votre adresse e-mail : pour vous connecter (Binôme n'a pas de mot de passe, il "
              "vous envoie un lien) et vous prévenir des propositions et des rendez-vous, comme "
              "vos préférences le disent.",
        "en": "Your email address: to sign you in (Binôme has no passwords: it emails you a "
              "link) and to tell you of proposals and meetings, as your preferences say."},
    "privacy.collect.phone": {
        "fr": "Votre téléphone (facultatif) : donné seulement à une personne avec qui vous avez "
              "tous deux accepté d'échanger vos coordonnées.",
        "en": "Your phone number (optional): given only to someone with whom you have both "
              "agreed to share contact details."},
    "privacy.collect.place": {
        "fr": "Votre commune ou code postal : pour vous proposer des personnes assez proches pour "
              "un café ou un déjeuner. Votre fiche montre un quartier ou une commune, jamais une "
              "adresse.",
        "en": "Your commune or postal code: to find people close enough for a coffee or a lunch. "
              "Your card shows a neighbourhood or a commune, never an address."},
    "privacy.collect.profile": {
        "fr": "Vos métiers, le métier visé, vos compétences, vos langues et vos propres mots "
              "(pour un mentor, sa reconversion ; pour un parrain, le nombre de personnes qu'il "
              "accompagne) : pour trouver les personnes avec qui vous avez le plus en commun, et "
              "expliquer chaque proposition.",
        "en": "Your occupations, the job you aim for, your skills, languages and own words (a "
              "mentor's career move, how many people a sponsor takes on): to find the people you "
              "have most in common with, and to explain each proposal."},
    "privacy.collect.availability": {
        "fr": "Vos disponibilités et votre fuseau horaire : pour proposer des créneaux qui vous "
              "vont à tous les deux.",
        "en": "Your availability and time zone: to propose times that suit you both."},
    "privacy.collect.activity": {
        "fr": "Ce que vous faites sur Binôme : aides promises et demandées, propositions et vos "
              "réponses, rendez-vous et leur suite, la conversation de chaque mise en relation, "
              "les relectures, et le CV ou la lettre que vous envoyez pour une relecture.",
        "en": "What you do on Binôme: help pledged and asked for, proposals and your answers, "
              "meetings and how they went, each match's conversation, reviews, and the CV or "
              "cover letter you send for a review."},
    "privacy.collect.outcome": {
        "fr": "Trois mois après votre première aide, votre réponse (facultative) à une question "
              "sur votre situation : pour mesurer, sans nommer personne, ce que l'aide a permis.",
        "en": "Three months after your first help, your answer (optional) to one question about "
              "where you stand: to measure, naming no one, what the help led to."},
    "privacy.collect.cookies": {
        "fr": "Deux cookies : l'un vous garde connecté·e, l'autre retient votre langue. Pas de "
              "publicité, pas de mesure d'audience, aucun script d'un autre site.",
        "en": "Two cookies: one keeps you signed in, the other remembers your language. No "
              "advertising, no audience tracking, no script from another site."},
    "privacy.basis": {
        "fr": "Base légale : le service que vous demandez en vous inscrivant (RGPD, article "
              "6.1.b). Rien n'est vendu ni cédé à quiconque.",
        "en": "Legal basis: the service you ask for when you sign up (GDPR, article 6.1.b). "
              "Nothing is sold or handed to anyone."},
    "privacy.who": {"fr": "Qui voit quoi, et quand", "en": "Who sees what, and when"},
    "privacy.who.card": {
        "fr": "Les autres membres ne voient que votre fiche anonyme : prénom et initiale, "
              "métiers, compétences, quartier, langues et vos propres mots. Jamais votre nom, "
              "votre e-mail ni votre téléphone.",
        "en": "Other members see only your anonymised card: first name and initial, "
              "occupations, skills, neighbourhood, languages and your own words. Never your last "
              "name, email or phone."},
    "privacy.who.contact": {
        "fr": "Vos coordonnées ne sont montrées à une personne qu'une fois que vous l'avez "
              "acceptée tous les deux (un accord de chaque côté, ou un oui réciproque entre un "
              "parrain et une personne accompagnée). Chaque fois, c'est consigné, et le nombre "
              "par jour est limité.",
        "en": "Your contact details are shown to someone only once you have both agreed to it "
              "(consent on each side, or a mutual yes between a sponsor and the person "
              "sponsored). Each time is logged, and the number a day is limited."},
    "privacy.who.document": {
        "fr": "Le CV ou la lettre envoyés pour une relecture ne sont lus que par le donateur ou "
              "la donatrice retenu·e pour votre demande, une fois que vous avez accepté ; ils ne "
              "sont jamais envoyés par e-mail.",
        "en": "The CV or letter you send for a review is read only by the donor matched with "
              "your request, once you have accepted; it is never sent by email."},
    "privacy.who.conversation": {
        "fr": "La conversation d'une mise en relation et une relecture ne sont vues que par ses "
              "deux personnes. Les e-mails disent qui a écrit, jamais ce qui est écrit.",
        "en": "A match's conversation and a review are seen only by its two people. Emails say "
              "who wrote, never what was written."},
    "privacy.who.operators": {
        "fr": "Les personnes qui exploitent ce site voient des chiffres qui ne nomment personne, "
              "et, pour réparer une panne, un message technique resté en souffrance.",
        "en": "The people who run this site see figures that name no one and, to repair a "
              "fault, a technical message that could not be processed."},
    "privacy.how_long": {"fr": "Combien de temps", "en": "How long"},
    "privacy.how_long.account": {
        "fr": "Votre compte et ce que vous y avez mis : jusqu'à ce que vous le supprimiez. "
              "Binôme ne supprime pas un compte inactif de lui-même.",
        "en": "Your account and what you put in it: until you delete it. Binôme does not "
              "delete an inactive account by itself."},
    "privacy.how_long.sign_up": {
        "fr": "Une inscription non confirmée sous {hours} heures est effacée.",
        "en": "A sign-up not confirmed within {hours} hours is deleted."},
    "privacy.how_long.links": {
        "fr": "Un lien de connexion marche {minutes} minutes et est effacé un jour après ; une "
              "session dure {days} jours, ou jusqu'à ce que vous vous déconnectiez.",
        "en": "A sign-in link works for {minutes} minutes and is deleted a day later; a session "
              "lasts {days} days, or until you sign out."},
    "privacy.how_long.outcome": {
        "fr": "La question sur votre situation est posée {days} jours après votre première aide "
              "et attend votre réponse {answer_days} jours.",
        "en": "The question about where you stand is asked {days} days after your first help "
              "and waits {answer_days} days for your answer."},
    "privacy.how_long.erasure": {
        "fr": "Quand vous supprimez votre compte, chaque service efface en quelques secondes "
              "votre nom, e-mail, téléphone, lieu, profil, messages, documents et relectures ; il "
              "ne reste qu'un identifiant qui ne mène plus à vous, pour que les chiffres comptent "
              "encore l'aide donnée. Les e-mails déjà reçus restent dans les boîtes de leurs "
              "destinataires, et les sauvegardes gardent ce qu'elles contenaient jusqu'à leur "
              "expiration.",
        "en": "When you delete your account, every service erases your name, email, phone, "
              "place, profile, messages, documents and reviews within seconds; only an id that no "
              "longer leads to you is kept, so that figures still count the help given. Emails "
              "already delivered stay in their recipients' mailboxes, and backups keep what they "
              "held until they expire."},
    "privacy.rights": {"fr": "Vos droits, et comment les exercer",
                       "en": "Your rights, and how to use them"},
    "privacy.rights.export": {
        "fr": "Accès et portabilité : sur {link}, téléchargez tout ce que Binôme garde sur vous, "
              "dans un fichier JSON.",
        "en": "Access and portability: on {link}, download everything Binôme holds about you, "
              "as a JSON file."},
    "privacy.rights.erase": {
        "fr": "Effacement : sur {link}, supprimez votre compte ; c'est immédiat et définitif.",
        "en": "Erasure: on {link}, delete your account; it is immediate and final."},
    "privacy.rights.object": {
        "fr": "Opposition et limitation : choisissez les e-mails que vous recevez dans vos "
              "préférences, retirez une aide promise ou une demande à tout moment, bloquez ou "
              "signalez une personne.",
        "en": "Objection and restriction: choose the emails you get in your preferences, "
              "withdraw a pledge or a request at any time, block or report someone."},
    "privacy.rights.correct": {
        "fr": "Rectification, et toute autre question : écrivez à l'adresse ci-dessous.",
        "en": "Rectification, and any other question: write to the address below."},
    "privacy.rights.complain": {
        "fr": "Vous pouvez aussi saisir l'autorité de protection des données de votre pays (en "
              "France, la CNIL, cnil.fr).",
        "en": "You may also complain to your country's data-protection authority (in France, "
              "the CNIL, cnil.fr)."},
    "privacy.contact": {"fr": "Contact", "en": "Contact"},
    "privacy.contact.text": {"fr": "Pour vos données et vos droits : {email}.",
                             "en": "About your data and your rights: {email}."},
    # The legal notice (/legal): the operator's settings, never invented.
    "legal.title": {"fr": "Mentions légales", "en": "Legal notice"},
    "legal.publisher": {"fr": "Éditeur", "en": "Publisher"},
    "legal.address": {"fr": "Adresse", "en": "Address"},
    "legal.director": {"fr": "Directeur ou directrice de la publication",
                       "en": "Director of publication"},
    "legal.host": {"fr": "Hébergeur", "en": "Host"},
    "legal.contact": {"fr": "Contact", "en": "Contact"},
    "legal.not_set": {"fr": "Pas encore indiqué par qui exploite ce site (réglage {setting}).",
                      "en": "Not given yet by whoever runs this site (setting {setting})."},
    "legal.software": {"fr": "Logiciel", "en": "Software"},
    "legal.software.text": {
        "fr": "Ce site fait tourner Binôme, un logiciel libre sous licence {licence} : chacun "
              "peut en exploiter sa propre instance. Celle-ci est exploitée par l'éditeur nommé "
              "ci-dessus, qui en répond.",
        "en": "This site runs Binôme, open-source software under the {licence} licence: anyone "
              "may run their own instance. This one is run by the publisher named above, who "
              "answers for it."},
    "legal.privacy": {"fr": "Vos données personnelles : voir la {link}.",
                      "en": "Your personal data: see the {link}."},
}

# --- documents for reviews (issue 14): the seeker's CV or cover letter, and who reads it
MESSAGES.update({
    "doc.field": {"fr": "Votre CV ou votre lettre de motivation (PDF, DOCX ou ODT, 5 Mo au plus)",
                  "en": "Your CV or cover letter (PDF, DOCX or ODT, 5 MB at most)"},
    "doc.field_hint": {"fr": "Pour une relecture de CV ou de lettre seulement. Vous pourrez aussi "
                             "l'ajouter plus tard.",
                       "en": "For a CV or cover-letter review only. You can also add it later."},
    "doc.who_sees": {"fr": "Qui le verra : seulement la personne bénévole qui relira votre "
                           "document, une fois que vous aurez accepté sa proposition. Il n'est "
                           "jamais envoyé par e-mail. Retirez-en votre adresse et votre numéro "
                           "de téléphone : vous échangerez par les messages de Binôme.",
                     "en": "Who will see it: only the volunteer who reviews it, once you accept "
                           "their proposal. It is never sent by email. Take your address and "
                           "phone number out of it: you will talk through Binôme's messages."},
    "doc.title": {"fr": "Document à relire", "en": "Document to review"},
    "doc.none": {"fr": "Aucun document pour l'instant.", "en": "No document yet."},
    "doc.size": {"fr": "{size} Ko", "en": "{size} KB"},
    "doc.download": {"fr": "Télécharger ma copie", "en": "Download my copy"},
    "doc.add": {"fr": "Envoyer le document", "en": "Send the document"},
    "doc.replace": {"fr": "Envoyer une nouvelle version", "en": "Send a new version"},
    "doc.remove": {"fr": "Retirer le document", "en": "Remove the document"},
    "doc.warning": {"fr": "Nous avons trouvé {found} dans votre document. Retirez ces "
                          "coordonnées et envoyez-le de nouveau, ou gardez-le tel quel si vous "
                          "préférez que la personne bénévole les voie.",
                    "en": "We found {found} in your document. Take these contact details out "
                          "and upload it again, or keep it as it is if you want the volunteer to "
                          "see them."},
    "doc.found.phone": {"fr": "un numéro de téléphone", "en": "a phone number"},
    "doc.found.phones": {"fr": "{count} numéros de téléphone", "en": "{count} phone numbers"},
    "doc.found.email": {"fr": "une adresse e-mail", "en": "an email address"},
    "doc.found.emails": {"fr": "{count} adresses e-mail", "en": "{count} email addresses"},
    "doc.and": {"fr": " et ", "en": " and "},
    "doc.no_text": {"fr": "Nous n'avons pu lire aucun texte dans ce document (un scan ?) : "
                          "vérifiez vous-même qu'il ne montre ni adresse ni téléphone.",
                    "en": "We could not read any text in this document (a scan?): check yourself "
                          "that it shows no address or phone number."},
    "doc.reviews": {"fr": "Un document sert à deux relectures au plus ; celui-ci : {count}.",
                    "en": "A document goes to two reviews at most; this one: {count}."},
    "doc.read.cv_review": {"fr": "Lire le CV", "en": "Read the CV"},
    "doc.read.cover_letter_review": {"fr": "Lire la lettre de motivation",
                                     "en": "Read the cover letter"},
    "doc.read_hint": {"fr": "Réservé à vous deux : ne le transférez à personne.",
                      "en": "For the two of you only: do not pass it on."},
    "doc.not_yet": {"fr": "Le document n'a pas encore été envoyé.",
                    "en": "The document has not been sent yet."},
    "done.document_sent": {"fr": "Votre document est enregistré.",
                           "en": "Your document is saved."},
    "done.document_removed": {"fr": "Le document est retiré.", "en": "The document is removed."},
})

_DAYS = {"fr": ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"),
         "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
MESSAGES.update({f"day.{day}": {locale: _DAYS[locale][i] for locale in LOCALES}
                 for i, day in enumerate(WEEKDAYS)})
# The affinity terms are the reasons' codes: their names, for the table of a match's terms.
_TERMS = {
    "nearby": ("Proximité", "Distance"), "same_path": ("Même parcours", "Same path"),
    "close_path": ("Parcours proche", "Close path"),
    "works_in_target": ("Travaille dans le métier visé", "Works in the target job"),
    "works_next_to_target": ("Métier voisin du métier visé", "Next to the target job"),
    "same_starting_point": ("Même point de départ", "Same starting point"),
    "shared_skills": ("Compétences communes", "Shared skills"),
    "waiting": ("Attente", "Waiting time"), "looking": ("Recherche depuis", "Looking for"),
    "free_together": ("Créneaux communs", "Free together"),
    "paired_before": ("Déjà en binôme", "Paired before"),
    "languages": ("Langues", "Languages"),
    "wanted_occupation": ("Domaine souhaité", "Wanted field"),
    "close_to_wanted": ("Proche du domaine souhaité", "Close to the wanted field"),
    "liked": ("« Oui » donné", "Said yes"),
    "track_record": ("Aide rendue à temps", "Help given on time"),
}
MESSAGES.update({f"term.{code}": {"fr": fr, "en": en} for code, (fr, en) in _TERMS.items()})


def known(key):
    return key in MESSAGES


def translate(locale, key, **params):
    """The sentence `key` in `locale`, with its values; an unknown key shows as itself, so that a
    forgotten sentence is visible on the page rather than an error (the unit test catches it)."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(locale) or entry[DEFAULT]
    return text.format(**params) if params else text


def keys_for_kinds_and_roles():
    """The keys templates build from the contracts' vocabularies (checked by the unit test)."""
    return ([f"kind.{k}" for k in REQUEST_KINDS] + [f"role.{r}" for r in ROLES] +
            [f"role.{r}.pitch" for r in ROLES])


# The services name a refused field with an English sentence (marshmallow's, or their own rules').
# The pages show it in French where it is one of these; any other shows as the service wrote it.
_FIELD_MESSAGES_FR = [
    (r"Missing data for required field\.", "Ce champ est obligatoire."),
    (r"Field may not be null\.", "Ce champ est obligatoire."),
    (r"Not a valid email address\.", "Ce n'est pas une adresse e-mail valide."),
    (r"Not a valid integer\.|Expected a whole number\.", "Attendu : un nombre entier."),
    (r"Not a valid date\.", "Ce n'est pas une date valide."),
    (r"Must not be blank\.", "Ne doit pas être vide."),
    (r"Must not be in the past\.", "Ne doit pas être dans le passé."),
    (r"Must be later than start\.", "Doit être après le début."),
    (r"Expected a time as HH:MM\.", "Attendu : une heure au format HH:MM."),
    (r"This address is already registered\.", "Cette adresse est déjà inscrite."),
    (r"In-person help needs a location in your profile\.",
     "Une aide en personne demande un lieu dans votre profil."),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.",
     r"Doit être entre \1 et \2."),
    (r"Must be one of: (.*)\.", r"Doit être l'une de ces valeurs : \1."),
    (r"Length must be between (\S+) and (\S+)\.", r"Longueur entre \1 et \2."),
    (r"Longer than maximum length (\S+)\.", r"Trop long : \1 caractères au plus."),
    (r"Unknown occupation (.*): give a job title or a ROME code\.",
     r"Métier inconnu \1 : donnez un intitulé de métier ou un code ROME."),
    (r"Unknown place (.*): give a French postal code or city\.",
     r"Lieu inconnu \1 : donnez un code postal ou une ville de France."),
    (r"Expected a phone number such as (.*)\.", r"Attendu : un numéro comme \1."),
    (r"Several communes are named (.*?); add the postal code: (.*)\.",
     r"Plusieurs communes s'appellent \1 ; ajoutez le code postal : \2."),
    (r"Must be one line, without control characters\.",
     "Une seule ligne, sans caractère de contrôle."),
    (r"Must be plain text, without control characters\.",
     "Du texte simple, sans caractère de contrôle."),
    (r"Unknown time zone\.", "Fuseau horaire inconnu."),
    # Documents for reviews (shared/documents.py, services/profiles/request_documents.py).
    (r"The file is empty\.", "Le fichier est vide."),
    (r"The file is larger than (\S+) MB\.", r"Le fichier dépasse \1 Mo."),
    (r"Only PDF, DOCX or ODT documents are accepted \(what the file holds decides, not its "
     r"name\)\.", "Seuls les documents PDF, DOCX ou ODT sont acceptés (c'est le contenu du "
                   "fichier qui compte, pas son nom)."),
    (r"This document cannot be read: it is damaged or protected by a password\.",
     "Ce document est illisible : il est abîmé ou protégé par un mot de passe."),
    (r"Only a CV or cover-letter review takes a document\.",
     "Seule une relecture de CV ou de lettre de motivation prend un document."),
    (r"This document has already gone to (\S+) reviews: send a new version of it\.",
     r"Ce document a déjà servi à \1 relectures : envoyez-en une nouvelle version."),
    (r"No document of yours has this id\.", "Aucun de vos documents ne porte cet identifiant."),
]


def field_message(locale, text):
    """A service's message about a field, in the reader's language where we know it."""
    if locale != "fr":
        return text
    for pattern, french in _FIELD_MESSAGES_FR:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, french, text)
    return text
